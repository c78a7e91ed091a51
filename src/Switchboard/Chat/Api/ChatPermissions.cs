using Switchboard.Graph;

namespace Switchboard.Chat.Api;

/// <summary>The permission table of graph-chat.md §4: any one listed permission suffices.</summary>
internal static class ChatPermissions
{
    public static readonly GraphPermission CreateChat = GraphPermission.DelegatedOnly("Chat.Create", "Chat.ReadWrite");

    public static readonly GraphPermission ReadChat = GraphPermission.DelegatedOnly("Chat.ReadBasic", "Chat.Read", "Chat.ReadWrite")
        .OrApplication("Chat.ReadBasic.All", "Chat.Read.All", "Chat.ReadWrite.All");

    public static readonly GraphPermission UpdateChat = GraphPermission.DelegatedOnly("Chat.ReadWrite");

    public static readonly GraphPermission UserState = GraphPermission.DelegatedOnly("Chat.ReadWrite");

    public static readonly GraphPermission ReadMembers = GraphPermission.DelegatedOnly("Chat.ReadBasic", "ChatMember.Read", "ChatMember.ReadWrite", "Chat.Read", "Chat.ReadWrite")
        .OrApplication("ChatMember.Read.All", "ChatMember.ReadWrite.All", "Chat.ReadBasic.All", "Chat.Read.All", "Chat.ReadWrite.All");

    public static readonly GraphPermission AddMember = GraphPermission.DelegatedOnly("ChatMember.ReadWrite", "Chat.ReadWrite");

    public static readonly GraphPermission RemoveMember = GraphPermission.DelegatedOnly("ChatMember.ReadWrite");

    public static readonly GraphPermission SendMessage = GraphPermission.DelegatedOnly("ChatMessage.Send", "Chat.ReadWrite");

    public static readonly GraphPermission ReadMessages = GraphPermission.DelegatedOnly("Chat.Read", "Chat.ReadWrite")
        .OrApplication("Chat.Read.All", "Chat.ReadWrite.All");

    public static readonly GraphPermission UpdateMessage = GraphPermission.DelegatedOnly("Chat.ReadWrite");

    public static readonly GraphPermission DeleteMessage = GraphPermission.DelegatedOnly("Chat.ReadWrite");

    public static readonly GraphPermission React = GraphPermission.DelegatedOnly("ChatMessage.Send", "Chat.ReadWrite");

    public static readonly GraphPermission AllMessages = GraphPermission.DelegatedOnly("Chat.Read", "Chat.ReadWrite")
        .OrApplication("Chat.Read.All", "Chat.ReadWrite.All");

    public static readonly GraphPermission Subscribe = GraphPermission.DelegatedOnly("Chat.Read", "Chat.ReadWrite")
        .OrApplication("Chat.Read.All", "Chat.ReadWrite.All");

    public static readonly GraphPermission Live = GraphPermission.DelegatedOnly("Chat.Read", "Chat.ReadWrite");
}
