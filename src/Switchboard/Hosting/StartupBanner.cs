using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Switchboard.Directory.Seed;

namespace Switchboard.Hosting;

/// <summary>
/// Prints what a newcomer needs once the server listens: authority URLs, the demo users and app, and
/// the CA to trust. Passwords are printed only for the built-in demo directory, whose passwords are
/// public anyway; a custom seed's secrets never reach the console.
/// </summary>
internal sealed class StartupBanner(IHostApplicationLifetime lifetime, IServer server, IOptions<SwitchboardOptions> options, DevCertificates certificates, IEnumerable<IBannerSection> sections, IServiceScopeFactory scopes) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = PrintAsync());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task PrintAsync()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? SwitchboardApp.DefaultUrls;
        var origin = address.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "localhost", StringComparison.Ordinal).TrimEnd('/');
        var demo = string.IsNullOrEmpty(options.Value.Seed);
        var seed = SeedApplier.Load(options.Value.Seed);
        var text = new StringBuilder()
            .AppendLine()
            .AppendLine("Switchboard is running.")
            .AppendLine($"  Origin:            {origin}")
            .AppendLine($"  Authority:         {origin}/organizations   (or {origin}/{{tenant id or domain}})")
            .AppendLine($"  OpenID metadata:   {origin}/organizations/v2.0/.well-known/openid-configuration")
            .AppendLine($"  Data folder:       {options.Value.DataPath()}")
            .AppendLine($"  Trust this CA:     {certificates.AuthorityPath}")
            .AppendLine($"                     (Node: NODE_EXTRA_CA_CERTS=<that file>; .NET/curl on Linux: SSL_CERT_FILE; browsers: import it)")
            .AppendLine(demo ? "  Directory:         built-in demo" : $"  Directory:         seed {options.Value.Seed}");
        foreach (var tenant in seed.Tenants)
        {
            text.AppendLine($"  Tenant {tenant.DisplayName} ({tenant.Domain}, {tenant.Id}){(tenant.UsersCanConsent ? "" : ", users may not consent")}");
            foreach (var user in tenant.Users)
            {
                text.AppendLine($"    {user.UserPrincipalName,-28} {(demo ? user.Password : "(password from the seed)"),-20} {user.DisplayName}");
            }
        }

        foreach (var user in seed.PersonalAccounts)
        {
            text.AppendLine($"  Personal account   {user.UserPrincipalName,-28} {(demo ? user.Password : "(password from the seed)")}");
        }

        foreach (var app in seed.Applications)
        {
            text.AppendLine($"  App {app.DisplayName}: client id {app.AppId} ({app.SignInAudience}){(demo && app.Secrets.Count > 0 ? ", secret " + app.Secrets[0] : "")}");
        }

        await using var scope = scopes.CreateAsyncScope();
        foreach (var section in sections)
        {
            foreach (var line in await section.DescribeAsync(scope.ServiceProvider, origin, demo, lifetime.ApplicationStopping))
            {
                text.AppendLine(line);
            }
        }

        Console.WriteLine(text.ToString());
    }
}
