using System.Net;
using Switchboard.Tests.Infrastructure;
using static Switchboard.Tests.Infrastructure.TestDirectory;

namespace Switchboard.Tests.Login;

/// <summary>Passwords, client secrets, codes and tokens never reach the log, even at Debug level.</summary>
[Collection(ServerCollection.Name)]
public sealed class SecretsNeverLoggedTests(SharedServer shared)
{
    [Fact]
    public async Task Passwords_secrets_and_tokens_are_not_in_the_logs()
    {
        var server = shared.Server;
        using var http = server.CreateClient();
        var user = await OAuthClient.PasswordAsync(http, "ropc@fabrikam.test", "Fabrikam!Ropc1", ManageCalls + " offline_access");
        var wrong = await OAuthClient.PasswordAsync(http, "ropc@fabrikam.test", "Wrong!Password-7731", ManageCalls);
        var app = await OAuthClient.PostTokenAsync(http, ContosoTenant, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = ContosoDaemon, ["client_secret"] = ContosoDaemonSecret, ["scope"] = "https://graph.microsoft.com/.default",
        });
        Assert.Equal(HttpStatusCode.OK, user.Status);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal(HttpStatusCode.OK, app.Status);

        var logs = string.Join('\n', server.Logs.Lines);
        Assert.NotEmpty(server.Logs.Lines);
        foreach (var secret in new[] { "Fabrikam!Ropc1", "Wrong!Password-7731", ContosoDaemonSecret, user["access_token"]!, user["refresh_token"]!, app["access_token"]! })
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
    }
}
