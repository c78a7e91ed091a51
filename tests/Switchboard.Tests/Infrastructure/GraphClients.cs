using System.Net;
using Azure.Core;
using Microsoft.Graph;

namespace Switchboard.Tests.Infrastructure;

/// <summary>
/// Microsoft.Graph 6.x pointed at Switchboard the way an app developer would: the SDK's own Azure
/// Identity authentication provider with our host allowed (graph-chat.md §7.2, fix A), and the SDK's
/// default middleware (GraphClientFactory) over a handler that trusts the server's CA.
/// </summary>
public static class GraphClients
{
    public const string ContosoChat = "c0de0006-0000-4000-8000-000000000006";
    public const string GraphScope = "https://graph.microsoft.com/.default";

    public static async Task<string> TokenAsync(SwitchboardServer server, string upn, string password, string client = ContosoChat, string tenant = "organizations")
    {
        using var http = server.CreateClient();
        var reply = await OAuthClient.PasswordAsync(http, upn, password, GraphScope, tenant, client);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body.ToString());
        return reply["access_token"]!;
    }

    public static GraphServiceClient Create(SwitchboardServer server, string token)
    {
        var host = new Uri(server.Origin).Host;
        var authentication = new Microsoft.Graph.Authentication.AzureIdentityAuthenticationProvider(new FixedTokenCredential(token), [host], null, true, GraphScope);
        var http = GraphClientFactory.Create(finalHandler: server.CreateHandler());
        http.Timeout = TimeSpan.FromSeconds(60);
        return new GraphServiceClient(http, authentication, server.Origin + "/v1.0");
    }

    public static async Task<GraphServiceClient> SignInAsync(SwitchboardServer server, string upn, string password)
        => Create(server, await TokenAsync(server, upn, password));

    /// <summary>A token the test already holds, handed to the SDK as an Azure.Core credential.</summary>
    private sealed class FixedTokenCredential(string token) : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
            => new(token, DateTimeOffset.UtcNow.AddMinutes(30));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
            => ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}

/// <summary>The chat users of the test seed (tests/seed/test-seed.json), one set per test class.</summary>
public sealed record ChatUser(string Upn, string Password, string Id, string Name)
{
    public static readonly ChatUser Lee = new("lee@fabrikam.test", "Fabrikam!Lee1", "22222222-0000-4000-8000-000000000031", "Lee Gu");
    public static readonly ChatUser Lynne = new("lynne@fabrikam.test", "Fabrikam!Lynne1", "22222222-0000-4000-8000-000000000032", "Lynne Robbins");
    public static readonly ChatUser Isaiah = new("isaiah@fabrikam.test", "Fabrikam!Isaiah1", "22222222-0000-4000-8000-000000000033", "Isaiah Langer");
    public static readonly ChatUser Joni = new("joni@fabrikam.test", "Fabrikam!Joni1", "22222222-0000-4000-8000-000000000034", "Joni Sherman");
    public static readonly ChatUser Miriam = new("miriam@fabrikam.test", "Fabrikam!Miriam1", "22222222-0000-4000-8000-000000000035", "Miriam Graham");
    public static readonly ChatUser Grady = new("grady@fabrikam.test", "Fabrikam!Grady1", "22222222-0000-4000-8000-000000000036", "Grady Archie");
    public static readonly ChatUser Henrietta = new("henrietta@fabrikam.test", "Fabrikam!Henrietta1", "22222222-0000-4000-8000-000000000037", "Henrietta Mueller");
    public static readonly ChatUser Limited = new("limited@fabrikam.test", "Fabrikam!Limited1", "22222222-0000-4000-8000-000000000038", "Lina Limited");
    public static readonly ChatUser Carlos = new("carlos@contoso.test", "Contoso!Carlos1", "11111111-0000-4000-8000-000000000031", "Carlos Slattery");
    public static readonly ChatUser Ada = new("ada@adatum.test", "Adatum!Ada1", "88888888-0000-4000-8000-000000000001", "Ada Adatum");

    public string Bind => $"https://graph.microsoft.com/v1.0/users('{Id}')";
}
