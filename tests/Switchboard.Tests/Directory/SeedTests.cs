using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Directory;
using Switchboard.Directory.Model;
using Switchboard.Tests.Infrastructure;

namespace Switchboard.Tests.Directory;

public sealed class SeedTests
{
    [Fact]
    public async Task An_invalid_seed_stops_the_start_and_names_every_problem()
    {
        var seed = Path.Combine(SwitchboardServer.NewDataDirectory(), "bad-seed.json");
        await File.WriteAllTextAsync(seed, """
            {
              "tenants": [ { "id": "12121212-1212-4212-8212-121212121212", "domain": "bad.test", "displayName": "Bad",
                "users": [
                  { "id": "12121212-0000-4000-8000-000000000001", "userPrincipalName": "a@elsewhere.test", "displayName": "A", "password": "x" },
                  { "id": "12121212-0000-4000-8000-000000000002", "userPrincipalName": "b@bad.test", "displayName": "B", "password": "", "roles": ["Supreme Leader"] } ] } ],
              "applications": [ { "appId": "12121212-0000-4000-8000-0000000000aa", "tenant": "bad.test", "displayName": "App", "signInAudience": "Everyone" } ]
            }
            """);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SwitchboardServer.StartAsync(seed: seed));
        Assert.Contains("the domain must be the tenant's verified domain 'bad.test'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'password' is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown directory role 'Supreme Leader'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'signInAudience' must be one of", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_seed_is_idempotent_across_restarts_and_keeps_passwords_set_once()
    {
        var data = SwitchboardServer.NewDataDirectory();
        int users;
        await using (var first = await SwitchboardServer.StartAsync(data))
        {
            users = await CountUsersAsync(first);
        }

        await using var second = await SwitchboardServer.StartAsync(data);
        Assert.Equal(users, await CountUsersAsync(second));
        using var scope = second.Services.CreateScope();
        var directory = scope.ServiceProvider.GetRequiredService<IDirectory>();
        Assert.NotNull(await directory.FindServicePrincipalAsync(Guid.Parse(TestDirectory.FabrikamTenant), Guid.Parse("1fd5118e-2576-4263-8130-9503064c837a"), CancellationToken.None));
        Assert.Null(await directory.FindServicePrincipalAsync(Guid.Parse(TestDirectory.WoodgroveTenant), Guid.Parse("1fd5118e-2576-4263-8130-9503064c837a"), CancellationToken.None));

        using var http = second.CreateClient();
        var reply = await OAuthClient.PasswordAsync(http, "ropc@fabrikam.test", "Fabrikam!Ropc1", TestDirectory.ManageCalls);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    [Fact]
    public async Task The_built_in_demo_directory_starts_with_its_story()
    {
        await using var server = await SwitchboardServer.StartAsync(seed: "");
        using var scope = server.Services.CreateScope();
        var directory = scope.ServiceProvider.GetRequiredService<IDirectory>();
        var fabrikam = await directory.FindTenantAsync("fabrikam.test", CancellationToken.None);
        Assert.NotNull(fabrikam);
        Assert.True(fabrikam.UsersCanConsent);
        Assert.False((await directory.FindTenantAsync("northwind.test", CancellationToken.None))!.UsersCanConsent);
        Assert.False((await directory.FindUserAsync("nestor@fabrikam.test", CancellationToken.None))!.TeamsEnabled);
        Assert.Contains(DirectoryRoles.GlobalAdministrator, (await directory.FindUserAsync("megan@fabrikam.test", CancellationToken.None))!.Roles);
        Assert.Equal(SignInAudiences.MultipleOrgs, (await directory.FindApplicationAsync(Guid.Parse("c0de0001-0000-4000-8000-000000000001"), CancellationToken.None))!.SignInAudience);
        Assert.NotNull(await directory.FindUserAsync("pat@outlook.test", CancellationToken.None));
    }

    private static async Task<int> CountUsersAsync(SwitchboardServer server)
    {
        using var scope = server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
        return db.Users.Count();
    }
}
