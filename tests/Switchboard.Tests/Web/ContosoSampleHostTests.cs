using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Web.Samples;
using System.Text.Json;
using Switchboard.Tests.Infrastructure;

namespace Switchboard.Tests.Web;

/// <summary>The server starts the Contoso sample's back end (node) and forwards <c>/samples/contoso/api/*</c> to it.</summary>
[Collection(ServerCollection.Name)]
public sealed class ContosoSampleHostTests(SharedServer shared)
{
    private SwitchboardServer Server => shared.Server;

    [Fact]
    public async Task Server_launches_the_sample_back_end_and_forwards_its_api()
    {
        var (status, body) = await GetWhenUpAsync("/samples/contoso/api/config");

        Assert.True(status == HttpStatusCode.OK, body);
        var config = JsonDocument.Parse(body).RootElement;
        Assert.Equal(TestDirectory.ContosoCalls, config.GetProperty("clientId").GetString());
        Assert.Equal(Server.Origin + "/organizations", config.GetProperty("authority").GetString());
        Assert.Contains(TestDirectory.ManageCalls, config.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Sample_back_end_refuses_a_missing_token_through_the_forwarder()
    {
        await GetWhenUpAsync("/samples/contoso/api/config");
        using var http = Server.CreateClient();

        using var response = await http.PostAsync(Server.Origin + "/samples/contoso/api/token", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("TokenRequired", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Server_restarts_the_sample_back_end_when_it_dies()
    {
        await GetWhenUpAsync("/samples/contoso/api/config");
        var backend = Server.Services.GetRequiredService<ContosoBackend>();
        var first = backend.ProcessId;
        Assert.NotEqual(0, first);

        using (var process = Process.GetProcessById(first))
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((backend.ProcessId == first || backend.ProcessId == 0 || backend.Address is null) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        var (status, body) = await GetWhenUpAsync("/samples/contoso/api/config");
        Assert.NotEqual(first, backend.ProcessId);
        Assert.True(status == HttpStatusCode.OK, body);
    }

    /// <summary>The back end starts with the server, a few seconds after it listens.</summary>
    private async Task<(HttpStatusCode Status, string Body)> GetWhenUpAsync(string path)
    {
        using var http = Server.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await http.GetAsync(Server.Origin + path);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway) || DateTime.UtcNow > deadline)
            {
                return (response.StatusCode, body);
            }

            await Task.Delay(250);
        }
    }
}
