using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Tests.Infrastructure;
using Switchboard.Web;

namespace Switchboard.Tests.Web;

/// <summary>
/// The web apps' files as a build of clients/web lays them out (web/client, web/contoso), served by a real
/// server: index and deep links, cache and security headers, and the service routes left alone.
/// </summary>
public sealed class WebServingTests(WebServingTests.WebServer fixture) : IClassFixture<WebServingTests.WebServer>
{
    private const string Hashed = "assets/index-3f9a1c2b.js";

    private SwitchboardServer Server => fixture.Server;

    [Fact]
    public async Task Root_serves_the_client_index_uncached_with_a_content_security_policy()
    {
        using var response = await GetAsync("/", "text/html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Switchboard client", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.CacheControl!.NoCache);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("media-src 'self' blob:", csp, StringComparison.Ordinal);
        Assert.Contains("wss://" + new Uri(Server.Origin).Authority, csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Hashed_assets_are_cached_for_good_and_other_files_are_revalidated()
    {
        using var asset = await GetAsync("/" + Hashed, "*/*");
        using var icon = await GetAsync("/favicon.svg", "*/*");

        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal("text/javascript", asset.Content.Headers.ContentType!.MediaType);
        Assert.True(asset.Headers.CacheControl!.Public);
        Assert.Equal(TimeSpan.FromDays(365), asset.Headers.CacheControl.MaxAge);
        Assert.Equal("nosniff", asset.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.True(icon.Headers.CacheControl!.NoCache);
    }

    [Theory]
    [InlineData("/chats/19:abc@thread.v2")]
    [InlineData("/calls")]
    [InlineData("/settings/devices")]
    public async Task Deep_links_of_the_client_load_its_index(string path)
    {
        using var response = await GetAsync(path, "text/html,application/xhtml+xml");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Switchboard client", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contoso_sample_has_its_own_index_files_and_deep_links()
    {
        using var bare = await GetAsync("/samples/contoso", "text/html");
        using var index = await GetAsync("/samples/contoso/", "text/html");
        using var deep = await GetAsync("/samples/contoso/call/123", "text/html");
        using var asset = await GetAsync("/samples/contoso/assets/app-9c8b7a6d.js", "*/*");

        Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
        Assert.Equal("/samples/contoso/", bare.Headers.Location!.OriginalString);
        Assert.Contains("Contoso Calls", await index.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Contoso Calls", await deep.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("console.log('contoso');", await asset.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/v1.0/me", HttpStatusCode.Unauthorized, "application/json")]
    [InlineData("/organizations/v2.0/.well-known/openid-configuration", HttpStatusCode.OK, "application/json")]
    [InlineData("/common/discovery/v2.0/keys", HttpStatusCode.OK, "application/json")]
    [InlineData("/communication/discovery/keys", HttpStatusCode.OK, "application/json")]
    public async Task Service_routes_answer_for_themselves_even_to_a_page_load(string path, HttpStatusCode status, string mediaType)
    {
        using var response = await GetAsync(path, "text/html");

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/identities/nobody")]
    [InlineData("/teamsUser/elsewhere")]
    [InlineData("/calling/unknown")]
    [InlineData("/sdk/missing.js")]
    [InlineData("/admin/nowhere/deep")]
    [InlineData("/fabrikam.test/oauth2/v2.0/unknown")]
    [InlineData("/22222222-2222-4222-8222-222222222222/unknown")]
    [InlineData("/samples/contoso/api/config")]
    public async Task Unknown_service_paths_are_404_not_the_client(string path)
    {
        using var response = await GetAsync(path, "text/html");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("Switchboard client", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_page_loads_get_the_index_missing_files_and_other_methods_are_404()
    {
        using var json = await GetAsync("/chats/abc", "application/json");
        using var missing = await GetAsync("/assets/index-00000000.js", "text/html");
        using var http = Server.CreateClient();
        using var post = await http.PostAsync(Server.Origin + "/chats/abc", new StringContent("{}"));
        using var escape = await GetAsync("/..%2f..%2fappsettings.json", "*/*");

        Assert.Equal(HttpStatusCode.NotFound, json.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, escape.StatusCode);
    }

    [Fact]
    public async Task Calling_library_stays_at_sdk()
    {
        using var response = await GetAsync("/sdk/calling.js", "*/*");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string accept)
    {
        using var http = Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Server.Origin + path);
        request.Headers.Accept.ParseAdd(accept);
        return await http.SendAsync(request);
    }

    /// <summary>One server over a folder laid out as the build lays out web/ (no Contoso back end).</summary>
    public sealed class WebServer : IAsyncLifetime
    {
        private readonly string root = System.IO.Directory.CreateTempSubdirectory("switchboard-web-").FullName;

        public SwitchboardServer Server { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Write("client/index.html", "<!doctype html><title>Switchboard client</title><script type=module src=/assets/index-3f9a1c2b.js></script>");
            Write("client/" + Hashed, "console.log('client');");
            Write("client/favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
            Write("contoso/index.html", "<!doctype html><title>Contoso Calls</title>");
            Write("contoso/assets/app-9c8b7a6d.js", "console.log('contoso');");
            Server = await SwitchboardServer.StartAsync(
                settings: new Dictionary<string, string> { ["Samples:Contoso:Enabled"] = "false" },
                configure: b => b.Services.AddSingleton(new WebFiles(root)));
        }

        public async Task DisposeAsync()
        {
            await Server.DisposeAsync();
            System.IO.Directory.Delete(root, recursive: true);
        }

        private void Write(string relative, string content)
        {
            var path = Path.Combine(root, relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }
    }
}
