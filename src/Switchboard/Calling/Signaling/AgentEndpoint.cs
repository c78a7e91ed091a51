using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Switchboard.Calling.Calls;
using Switchboard.Calling.Ice;
using Switchboard.Communication.Tokens;
using Switchboard.Directory;

namespace Switchboard.Calling.Signaling;

/// <summary>
/// <c>GET /calling/agent</c> (WebSocket): one call agent endpoint per socket. The ACS token comes in
/// the query (browsers cannot set WebSocket headers) and is checked again every few seconds while the
/// socket lives: expiry, revocation or a deleted identity disconnect the agent with <c>invalidToken</c>.
/// </summary>
internal sealed partial class AgentEndpoint(
    IAcsTokenValidator tokens,
    IServiceScopeFactory scopes,
    EndpointRegistry registry,
    CallController controller,
    IceServerProvider ice,
    IOptionsMonitor<CallingOptions> options,
    TimeProvider time,
    ILogger<AgentEndpoint> logger)
{
    private const int MaxFrameBytes = 256 * 1024;

    public async Task HandleAsync(HttpContext http)
    {
        var token = http.Request.Query["access_token"].ToString();
        if (token.Length == 0 && http.Request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = header["Bearer ".Length..].Trim();
        }

        var (identity, expires, failure) = await AuthenticateAsync(token, http.Request.Query["displayName"].ToString(), http.RequestAborted);
        if (identity is null)
        {
            http.Response.StatusCode = failure!.Value.Status;
            await http.Response.WriteAsJsonAsync(new { error = new { code = failure.Value.Code, message = failure.Value.Message } }, http.RequestAborted);
            return;
        }

        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            await http.Response.WriteAsJsonAsync(new { error = new { code = "WebSocketRequired", message = "Connect with a WebSocket." } }, http.RequestAborted);
            return;
        }

        var resumeToken = http.Request.Query["resume"].ToString();
        var endpoint = resumeToken.Length > 0 ? registry.FindForResume(resumeToken, identity.RawId) : null;
        var resumed = endpoint is not null;
        if (endpoint is null)
        {
            endpoint = new AgentConnection(identity, token, expires);
            registry.Add(endpoint);
        }
        else
        {
            endpoint.Token = token;
            endpoint.TokenExpires = expires;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        var calls = resumed ? controller.CallsOf(endpoint).Select(c => CallViews.Snapshot(c, endpoint)).ToList() : [];
        endpoint.Send(new { type = "agent.connected", endpointId = endpoint.Id, endpoint.ResumeToken, identity = identity.Info, iceServers = ice.For(identity.RawId), calls });
        LogConnected(logger, endpoint.Id, resumed);

        var pump = endpoint.AttachAsync(socket, lifetime.Token);
        var watch = WatchTokenAsync(endpoint, lifetime.Token);
        var leftForGood = false;
        try
        {
            leftForGood = await ReceiveAsync(socket, endpoint, lifetime.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The socket dropped: the endpoint waits for a resume.
        }
        finally
        {
            await lifetime.CancelAsync();
            await Task.WhenAll(Quietly(pump), Quietly(watch));
        }

        if (endpoint.IsClosed)
        {
            return;
        }

        if (leftForGood)
        {
            // A normal close (the library's dispose()) means the endpoint is gone now, not in 20 seconds.
            registry.Remove(endpoint);
            await controller.EndpointGoneAsync(endpoint, EndReasons.HungUp, EndReasons.EndedByService);
            await endpoint.CloseAsync(WebSocketCloseStatus.NormalClosure, "closed");
        }
        else if (endpoint.Detach(socket, time.GetUtcNow()))
        {
            _ = ExpireAsync(endpoint);
        }
    }

    private async Task<(CallIdentity? Identity, DateTimeOffset Expires, (int Status, string Code, string Message)? Failure)> AuthenticateAsync(string token, string displayName, CancellationToken cancellationToken)
    {
        if (token.Length == 0)
        {
            return (null, default, (401, "InvalidAccessToken", "An ACS access token is required (access_token in the query)."));
        }

        var (principal, failure) = await tokens.ValidateAsync(token, cancellationToken);
        if (principal is null)
        {
            return (null, default, (401, "InvalidAccessToken", $"The access token is not valid: {failure}."));
        }

        if (!principal.Scopes.Contains("voip", StringComparer.OrdinalIgnoreCase))
        {
            return (null, default, (403, "InsufficientScope", "Calling needs the 'voip' scope in the token."));
        }

        if (principal.TeamsObjectId is not { } oid)
        {
            return (new CallIdentity(principal.RawId, CallIdentity.CommunicationUserKind, displayName.Length is > 0 and <= 256 ? displayName : principal.RawId, null), principal.ExpiresOn, null);
        }

        await using var scope = scopes.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<IDirectory>().GetUserAsync(oid, cancellationToken);
        if (user is null || !user.AccountEnabled || !user.TeamsEnabled)
        {
            return (null, default, (403, "TeamsUserCannotCall", "The Teams user is disabled or has no Teams license."));
        }

        return (new CallIdentity(principal.RawId, CallIdentity.TeamsUserKind, user.DisplayName, user.Id) { TenantId = user.TenantId }, principal.ExpiresOn, null);
    }

    /// <summary>Reads frames until the socket ends; true when the client closed it normally (status 1000).</summary>
    private async Task<bool> ReceiveAsync(WebSocket socket, AgentConnection endpoint, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (socket.State == WebSocketState.Open && !endpoint.IsClosed)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return result.CloseStatus == WebSocketCloseStatus.NormalClosure;
            }

            message.Write(buffer, 0, result.Count);
            if (message.Length > MaxFrameBytes)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "Frame too large.", cancellationToken);
                return false;
            }

            if (!result.EndOfMessage)
            {
                continue;
            }

            JsonDocument? frame = null;
            try
            {
                frame = JsonDocument.Parse(message.GetBuffer().AsMemory(0, (int)message.Length));
            }
            catch (JsonException)
            {
                endpoint.Send(new { type = "error", code = 400, subCode = 0, message = "Frames are JSON objects." });
            }

            message.SetLength(0);
            if (frame is null)
            {
                continue;
            }

            using (frame)
            {
                if (frame.RootElement.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                if (frame.RootElement.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "agent.token")
                {
                    await RenewTokenAsync(endpoint, frame.RootElement, cancellationToken);
                }
                else
                {
                    await controller.HandleAsync(endpoint, frame.RootElement, cancellationToken);
                }
            }
        }

        return false;
    }

    /// <summary>
    /// <c>agent.token</c>: the library hands over a fresh token before the current one expires (its
    /// credential refreshes). It must be valid, carry <c>voip</c> and belong to the same identity;
    /// otherwise the old token stays and the agent is disconnected when it expires.
    /// </summary>
    private async Task RenewTokenAsync(AgentConnection endpoint, JsonElement frame, CancellationToken cancellationToken)
    {
        var requestId = frame.TryGetProperty("requestId", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        var token = frame.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var (principal, failure) = token is null ? (null, "no token") : await tokens.ValidateAsync(token, cancellationToken);
        if (principal is null || !string.Equals(principal.RawId, endpoint.Identity.RawId, StringComparison.OrdinalIgnoreCase)
            || !principal.Scopes.Contains("voip", StringComparer.OrdinalIgnoreCase))
        {
            var reason = principal is null ? $"The token is not valid: {failure}." : "The token belongs to another identity or lacks 'voip'.";
            endpoint.Send(new { type = "error", requestId, code = 401, subCode = 4507, message = reason });
            return;
        }

        endpoint.Token = token!;
        endpoint.TokenExpires = principal.ExpiresOn;
        endpoint.Send(new { type = "agent.token.accepted", requestId, expiresOn = principal.ExpiresOn });
    }

    /// <summary>Re-validates the token while connected; a token that fails ends the endpoint's calls and the agent.</summary>
    private async Task WatchTokenAsync(AgentConnection endpoint, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && !endpoint.IsClosed)
        {
            await Task.Delay(options.CurrentValue.TokenCheckInterval, time, cancellationToken);
            var (principal, _) = await tokens.ValidateAsync(endpoint.Token, cancellationToken);
            if (principal is null)
            {
                LogInvalidToken(logger, endpoint.Id);
                await controller.EndpointGoneAsync(endpoint, EndReasons.InvalidToken, EndReasons.EndedByService);
                endpoint.Send(new { type = "agent.disconnected", reason = "invalidToken" });
                registry.Remove(endpoint);
                await endpoint.CloseAsync((WebSocketCloseStatus)4001, "invalidToken");
                return;
            }
        }
    }

    /// <summary>After the grace period a detached endpoint is gone: its calls end (the peer sees 408).</summary>
    private async Task ExpireAsync(AgentConnection endpoint)
    {
        var detachedAt = endpoint.DetachedAt;
        await Task.Delay(options.CurrentValue.ReconnectGrace, time);
        if (endpoint.IsClosed || endpoint.DetachedAt is null || endpoint.DetachedAt != detachedAt)
        {
            return;
        }

        registry.Remove(endpoint);
        await controller.EndpointGoneAsync(endpoint, EndReasons.PeerLost, EndReasons.PeerLost);
        await endpoint.CloseAsync(WebSocketCloseStatus.NormalClosure, "expired");
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Call agent endpoint {EndpointId} connected (resumed: {Resumed}).")]
    private static partial void LogConnected(ILogger logger, string endpointId, bool resumed);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Call agent endpoint {EndpointId} disconnected: its token is no longer valid.")]
    private static partial void LogInvalidToken(ILogger logger, string endpointId);
}
