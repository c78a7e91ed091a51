using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Switchboard.Graph;

namespace Switchboard.Chat.Webhooks;

/// <summary>The HTTP side of webhooks: Graph's validation handshake and notification POSTs.</summary>
internal sealed class WebhookClient(IHttpClientFactory clients, IOptionsMonitor<ChatOptions> options)
{
    public const string HttpClientName = "switchboard-webhooks";

    /// <summary>
    /// <c>POST {url}?validationToken=…</c> as text/plain; the receiver must answer 200 with the decoded
    /// token as its text body within the timeout, or the subscription is not created.
    /// </summary>
    public async Task<GraphError?> ValidateAsync(string url, CancellationToken cancellationToken)
    {
        var token = $"Validation: Switchboard {Guid.NewGuid():N}";
        var target = url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "validationToken=" + Uri.EscapeDataString(token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CurrentValue.Webhooks.ValidationTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StringContent(string.Empty, Encoding.UTF8, "text/plain") };
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return GraphErrors.ValidationFailed($"The notification endpoint answered {(int)response.StatusCode}.");
            }

            return body.Trim() == token ? null : GraphErrors.ValidationFailed("The notification endpoint did not echo the validationToken.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return GraphErrors.ValidationTimedOut();
        }
        catch (HttpRequestException e)
        {
            return GraphErrors.ValidationFailed($"The notification endpoint could not be reached ({e.HttpRequestError}).");
        }
    }

    /// <summary>One POST of a notification collection; true when the receiver answered 2xx in time.</summary>
    public async Task<bool> PostAsync(string url, object collection, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CurrentValue.Webhooks.DeliveryTimeout);
        try
        {
            var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(collection, collection.GetType(), GraphJson.Options));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            return response.IsSuccessStatusCode;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
