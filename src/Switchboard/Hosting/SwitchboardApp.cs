using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Security;
using Switchboard.Storage;
using Switchboard.Web;

namespace Switchboard.Hosting;

/// <summary>Builds the one Switchboard process: every service on one host and port.</summary>
internal static class SwitchboardApp
{
    public const string DefaultUrls = "https://localhost:5443";

    /// <summary>Command-line names that are a contract with outside test suites (issue #2).</summary>
    private static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--data"] = "Switchboard:DataDirectory",
        ["--seed"] = "Switchboard:Seed",
        ["--public-origin"] = "Switchboard:PublicOrigin",
    };

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, Switches);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        configure?.Invoke(builder);

        var host = builder.Configuration.GetSection(SwitchboardOptions.Section).Get<SwitchboardOptions>() ?? new SwitchboardOptions();
        System.IO.Directory.CreateDirectory(host.DataPath());
        var time = TimeProvider.System;
        var certificates = DevCertificates.LoadOrCreate(host.DataPath("tls"), host.CertificateNames, time);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificates.Server));

        var services = builder.Services;
        services.AddOptions<SwitchboardOptions>().BindConfiguration(SwitchboardOptions.Section);
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
        services.AddSingleton(certificates);
        services.TryAddSingleton(TimeProvider.System);
        services.AddDataProtection().SetApplicationName("Switchboard").PersistKeysToFileSystem(new DirectoryInfo(host.DataPath("keys")));
        services.AddSingleton<StartupRunner>();
        services.AddSingleton<KeyRotationService>();
        services.AddSingleton<IStartupTask>(sp => sp.GetRequiredService<KeyRotationService>());
        services.AddHostedService(sp => sp.GetRequiredService<KeyRotationService>());
        services.AddHostedService(sp => sp.GetRequiredService<StartupRunner>());
        services.AddDirectory();
        services.AddLogin();
        services.AddCommunication();
        services.AddChat();
        services.AddCalling();
        services.AddWeb();
        services.AddHostedService<StartupBanner>();

        var app = builder.Build();
        app.UseCors();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        app.MapLogin();
        app.MapCommunication();
        app.MapDirectory();
        app.MapChat();
        app.MapCalling();
        app.MapAdminPortal();
        app.MapGraphFallback();
        app.MapWeb();
        return app;
    }
}
