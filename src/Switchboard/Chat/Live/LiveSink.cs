using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Switchboard.Chat.Events;

namespace Switchboard.Chat.Live;

/// <summary>
/// Sends committed chat events to the members' connections, in commit order. The hub context goes
/// through SignalR's backplane when one is configured, so a member on another node gets it too.
/// </summary>
internal sealed partial class LiveSink(IHubContext<ChatHub> hub, ILogger<LiveSink> logger) : BackgroundService, IChatEventSink
{
    private readonly Channel<ChatEvent> queue = Channel.CreateUnbounded<ChatEvent>(new UnboundedChannelOptions { SingleReader = true });

    public void Publish(ChatEvent chatEvent) => queue.Writer.TryWrite(chatEvent);

    /// <summary>Client method names, one per kind of event.</summary>
    public static string Method(ChatEventKind kind) => kind switch
    {
        ChatEventKind.MessageCreated => "messageCreated",
        ChatEventKind.MessageUpdated => "messageUpdated",
        ChatEventKind.MessageDeleted => "messageDeleted",
        ChatEventKind.ReactionChanged => "reactionChanged",
        ChatEventKind.MembersAdded => "membersAdded",
        ChatEventKind.MembersRemoved => "membersRemoved",
        ChatEventKind.ChatCreated => "chatCreated",
        _ => "chatUpdated",
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var chatEvent in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                var groups = chatEvent.Recipients.Select(ChatHub.UserGroup).ToList();
                await hub.Clients.Groups(groups).SendAsync(Method(chatEvent.Kind), new LiveEvent(chatEvent.ChatId, chatEvent.ResourceId, chatEvent.At, chatEvent.Payload), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSendFailed(logger, e, chatEvent.Kind);
            }
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Could not push a {Kind} event to the live channel.")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, ChatEventKind kind);
}

/// <summary>What a live client receives: the chat, the resource's id, when, and the Graph-shaped resource.</summary>
internal sealed record LiveEvent(string ChatId, string? Id, DateTimeOffset At, object Data);
