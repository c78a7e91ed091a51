using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Switchboard.Chat.Live;

/// <summary>
/// The live channel for Switchboard's own clients: a SignalR hub, authenticated with the same Graph
/// token, that pushes the events of every chat the user is in. Each connection joins its user's
/// group; events are addressed to the groups of a chat's members when they happen.
/// </summary>
[Authorize(Policy = LiveAuthentication.Policy)]
internal sealed class ChatHub : Hub
{
    public static string UserGroup(Guid user) => "user:" + user.ToString("N");

    public override async Task OnConnectedAsync()
    {
        var user = Context.User?.FindFirst(LiveAuthentication.UserClaim)?.Value;
        if (user is null || !Guid.TryParse(user, out var id))
        {
            Context.Abort();
            return;
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(id), Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }
}
