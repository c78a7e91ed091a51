using Switchboard.Tests.Infrastructure;

namespace Switchboard.Tests.Directory.Graph;

/// <summary>
/// A server of its own for the administration tests: they create users, flip tenant settings and
/// regenerate keys, which the shared server's other tests must not see.
/// </summary>
public sealed class AdminServer : IAsyncLifetime
{
    /// <summary>Every Graph permission the admin portal asks for.</summary>
    public const string PortalScopes = "https://graph.microsoft.com/User.ReadWrite.All https://graph.microsoft.com/Application.ReadWrite.All "
        + "https://graph.microsoft.com/DelegatedPermissionGrant.ReadWrite.All https://graph.microsoft.com/Policy.ReadWrite.Authorization "
        + "https://graph.microsoft.com/RoleManagement.ReadWrite.Directory https://graph.microsoft.com/Directory.ReadWrite.All openid profile offline_access";

    private SwitchboardServer? server;

    public SwitchboardServer Server => server ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync() => server = await SwitchboardServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>A delegated Graph token of the first-party web app, as the admin portal gets it (authorization code with PKCE).</summary>
    public Task<string> PortalTokenAsync(string upn, string password)
        => WebAppTokens.SignInAsync(Server, upn, password, PortalScopes, "/admin/");
}

/// <summary>Users of the test seed the administration tests sign in as.</summary>
public static class Admins
{
    public const string Megan = "megan@fabrikam.test";
    public const string MeganPassword = "Fabrikam!Megan1";
    public const string Adele = "adele@fabrikam.test";
    public const string AdelePassword = "Fabrikam!Adele1";
    public const string ContosoAdmin = "admin@contoso.test";
    public const string ContosoAdminPassword = "Contoso!Admin1";
    public const string ContosoAdminId = "11111111-0000-4000-8000-000000000001";
}

/// <summary>One administration server for all administration test classes: each start hashes the whole seed's passwords.</summary>
[CollectionDefinition(Name)]
public sealed class AdminCollection : ICollectionFixture<AdminServer>
{
    public const string Name = "admin";
}
