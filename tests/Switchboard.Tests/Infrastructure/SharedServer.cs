namespace Switchboard.Tests.Infrastructure;

/// <summary>One server with the test seed, shared by the tests of the "server" collection.</summary>
public sealed class SharedServer : IAsyncLifetime
{
    private SwitchboardServer? server;

    public SwitchboardServer Server => server ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync()
        => server = await SwitchboardServer.StartAsync(settings: new Dictionary<string, string>
        {
            // MSAL polls at the interval the server gives; a second keeps the device-code test short.
            ["Login:DeviceCodePollingInterval"] = "00:00:01",
        });

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<SharedServer>
{
    public const string Name = "server";
}
