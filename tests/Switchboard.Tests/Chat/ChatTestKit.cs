using Microsoft.Graph;
using Microsoft.Graph.Models;
using Switchboard.Tests.Infrastructure;
using GraphChat = Microsoft.Graph.Models.Chat;

namespace Switchboard.Tests.Chat;

/// <summary>Request bodies as the Graph docs write them, built with the SDK's own models.</summary>
internal static class ChatTestKit
{
    public static AadUserConversationMember Member(ChatUser user, DateTimeOffset? visibleHistoryStart = null) => new()
    {
        Roles = ["owner"],
        VisibleHistoryStartDateTime = visibleHistoryStart,
        AdditionalData = new Dictionary<string, object> { ["user@odata.bind"] = user.Bind },
    };

    public static Task<GraphChat?> CreateGroupAsync(GraphServiceClient graph, string topic, params ChatUser[] members)
        => graph.Chats.PostAsync(new GraphChat { ChatType = ChatType.Group, Topic = topic, Members = members.Select(m => (ConversationMember)Member(m)).ToList() });

    public static Task<GraphChat?> CreateOneOnOneAsync(GraphServiceClient graph, ChatUser a, ChatUser b)
        => graph.Chats.PostAsync(new GraphChat { ChatType = ChatType.OneOnOne, Members = [Member(a), Member(b)] });

    public static Task<ChatMessage?> SendAsync(GraphServiceClient graph, string chatId, string text)
        => graph.Chats[chatId].Messages.PostAsync(new ChatMessage { Body = new ItemBody { Content = text } });

    public static TeamworkUserIdentity Identity(ChatUser user) => new()
    {
        Id = user.Id,
        AdditionalData = new Dictionary<string, object> { ["tenantId"] = user.Upn.EndsWith("contoso.test", StringComparison.Ordinal) ? TestDirectory.ContosoTenant : TestDirectory.FabrikamTenant },
    };
}
