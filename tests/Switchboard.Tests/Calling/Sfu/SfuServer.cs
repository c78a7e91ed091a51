using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Switchboard.Calling.Sfu;
using Switchboard.Tests.Infrastructure;

namespace Switchboard.Tests.Calling.Sfu;

/// <summary>
/// The real server with <c>Calling:Janus:Mode=launch</c> (it starts its own Janus), and one headless Debian
/// chromium with a fake camera and microphone whose pages act as the participants' browsers.
/// </summary>
public sealed class SfuServer : IAsyncLifetime
{
    public SwitchboardServer Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    private IPlaywright? playwright;

    internal ISfu Sfu => Server.Services.GetRequiredService<ISfu>();

    internal JanusLauncher Launcher => Server.Services.GetRequiredService<JanusLauncher>();

    internal JanusConnection Janus => Server.Services.GetRequiredService<JanusConnection>();

    public async Task InitializeAsync()
    {
        Server = await SwitchboardServer.StartAsync(settings: new Dictionary<string, string>
        {
            ["Calling:Janus:Mode"] = "launch",
            ["Calling:Janus:RtpPortRange"] = "41000-41999",
            // Chromium's fake microphone only beeps briefly now and then: count any sound as talking.
            ["Calling:Janus:TalkingLevel"] = "120",
            ["Calling:Janus:TalkingPackets"] = "25",
        });
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Timeout = 60_000,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--autoplay-policy=no-user-gesture-required", "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
            ],
        });
    }

    /// <summary>Janus is up (the launcher restarts it after the kill test, which may have run first).</summary>
    internal async Task<JanusInstance> RunningJanusAsync()
    {
        for (var i = 0; i < 300; i++)
        {
            if (Sfu.IsAvailable && Janus.Current is { } janus)
            {
                return janus;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("Janus is not running.");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SfuCollection : ICollectionFixture<SfuServer>
{
    public const string Name = "sfu";
}
