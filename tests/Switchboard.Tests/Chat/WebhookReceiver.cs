using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Switchboard.Tests.Chat;

/// <summary>
/// A webhook receiver as an app developer writes one: answers Graph's validation handshake with the
/// token as text/plain, records notifications, and can be told to fail or stall.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Channel<JsonElement> notifications = Channel.CreateUnbounded<JsonElement>();
    private readonly Channel<JsonElement> lifecycle = Channel.CreateUnbounded<JsonElement>();
    private int failuresLeft;

    private WebhookReceiver(WebApplication app) => this.app = app;

    public string Url { get; private set; } = "";

    public string NotifyUrl => Url + "/notify";

    public string LifecycleUrl => Url + "/lifecycle";

    /// <summary>Echoes something else than the token: the handshake must fail.</summary>
    public string WrongTokenUrl => Url + "/wrong";

    /// <summary>Answers the handshake only after <see cref="StallFor"/>.</summary>
    public string StallingUrl => Url + "/stall";

    public TimeSpan StallFor { get; set; } = TimeSpan.FromSeconds(8);

    public int NotificationPosts;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/notify", (Delegate)((HttpContext http) => receiver.ReceiveAsync(http, receiver.notifications, countFailures: true)));
        app.MapPost("/lifecycle", (Delegate)((HttpContext http) => receiver.ReceiveAsync(http, receiver.lifecycle, countFailures: false)));
        app.MapPost("/wrong", () => Results.Text("not the token", "text/plain"));
        app.MapPost("/stall", async (HttpContext http) =>
        {
            await Task.Delay(receiver.StallFor);
            return Results.Text(http.Request.Query["validationToken"].ToString(), "text/plain");
        });
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First().TrimEnd('/');
        return receiver;
    }

    /// <summary>The next <paramref name="count"/> notification POSTs answer 503.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref failuresLeft, count);

    public Task<JsonElement> NextNotificationAsync(TimeSpan? timeout = null) => notifications.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(20));

    public Task<JsonElement> NextLifecycleAsync(TimeSpan? timeout = null) => lifecycle.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(20));

    /// <summary>Waits for a notification matching <paramref name="predicate"/>, skipping others.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> predicate, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var next = await notifications.Reader.ReadAsync(cancel.Token);
            if (predicate(next))
            {
                return next;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpContext http, Channel<JsonElement> into, bool countFailures)
    {
        if (http.Request.Query.TryGetValue("validationToken", out var token))
        {
            return Results.Text(token.ToString(), "text/plain");
        }

        if (countFailures)
        {
            Interlocked.Increment(ref NotificationPosts);
            if (Interlocked.Decrement(ref failuresLeft) >= 0)
            {
                return Results.StatusCode(503);
            }
        }

        var body = await JsonDocument.ParseAsync(http.Request.Body);
        foreach (var item in body.RootElement.GetProperty("value").EnumerateArray())
        {
            into.Writer.TryWrite(item.Clone());
        }

        return Results.Accepted();
    }
}
