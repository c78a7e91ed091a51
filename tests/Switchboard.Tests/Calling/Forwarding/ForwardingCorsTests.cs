using Switchboard.Tests.Infrastructure;

namespace Switchboard.Tests.Calling.Forwarding;

/// <summary>A web app on its own origin can call the settings API from the browser.</summary>
[Collection(ForwardingCollection.Name)]
public sealed class ForwardingCorsTests(ForwardingServer fixture)
{
    [Fact]
    public async Task Preflight_from_another_origin_allows_put_with_a_bearer_token()
    {
        using var http = fixture.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, "calling/forwarding");
        request.Headers.Add("Origin", "https://contoso.example");
        request.Headers.Add("Access-Control-Request-Method", "PUT");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        using var response = await http.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("PUT", string.Join(',', response.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
    }
}
