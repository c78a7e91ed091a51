using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Chat;
using Switchboard.Chat.Api;
using Switchboard.Chat.Events;
using Switchboard.Chat.Live;
using Switchboard.Chat.Meetings;
using Switchboard.Chat.Storage;
using Switchboard.Chat.Webhooks;
using Switchboard.Chat.Writing;
using Switchboard.Graph;
using Switchboard.Hosting;
using Switchboard.Storage;

namespace Microsoft.Extensions.DependencyInjection;

internal static class ChatExtensions
{
    /// <summary>The chat service: Graph v1.0 chats and messages, change notifications, and the live channel.</summary>
    public static IServiceCollection AddChat(this IServiceCollection services)
    {
        services.AddOptions<ChatOptions>().BindConfiguration(ChatOptions.Section);
        services.AddGraphProtocol();

        // Every 201 waits for its commit to be fsynced (docs/chat.md, "Durability").
        services.AddServiceDbContext<ChatDb>(Durability.Synchronous);
        services.TryAddScoped<ChatAccess>();
        services.TryAddSingleton<IChatThreads, ChatThreads>();
        services.TryAddSingleton<IMeetings, MeetingRegistry>();
        services.TryAddSingleton<ChatEventBus>();
        services.TryAddSingleton<ChatWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<ChatWriter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupTask, MigrateTask<ChatDb>>());

        services.TryAddSingleton<LiveSink>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveSink>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatEventSink, LiveSink>(sp => sp.GetRequiredService<LiveSink>()));
        services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions = new JsonSerializerOptions(GraphJson.Options));
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, LiveAuthentication>(LiveAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(LiveAuthentication.Policy, policy => policy
            .AddAuthenticationSchemes(LiveAuthentication.SchemeName)
            .RequireAuthenticatedUser()
            .RequireAssertion(context => ChatPermissions.Live.Delegated.Any(s => context.User.HasClaim(LiveAuthentication.ScopeClaim, s))));

        services.AddHttpClient(WebhookClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.TryAddSingleton<WebhookClient>();
        services.TryAddSingleton<WebhookDestinations>();
        services.TryAddSingleton<SubscriptionCache>();
        services.TryAddSingleton<NotificationDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationDispatcher>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatEventSink, NotificationDispatcher>(sp => sp.GetRequiredService<NotificationDispatcher>()));
        return services;
    }

    public static IEndpointRouteBuilder MapChat(this IEndpointRouteBuilder endpoints)
    {
        var v1 = endpoints.MapGraphGroup();
        v1.MapPost("/chats", ChatEndpoints.CreateAsync).Requires(ChatPermissions.CreateChat);
        v1.MapPost("/me/chats", () => GraphErrors.MethodNotAllowed().ToResult());
        v1.MapPost("/users/{user}/chats", () => GraphErrors.MethodNotAllowed().ToResult());
        foreach (var prefix in new[] { "/chats", "/me/chats", "/users/{user}/chats" })
        {
            MapChatPaths(v1.MapGroup(prefix));
        }

        foreach (var prefix in new[] { "/me/onlineMeetings", "/users/{user}/onlineMeetings" })
        {
            var meetings = v1.MapGroup(prefix);
            meetings.MapPost("", MeetingEndpoints.CreateAsync).Requires(MeetingPermissions.Write);
            meetings.MapGet("", MeetingEndpoints.FindAsync).Requires(MeetingPermissions.Read);
            meetings.MapGet("/{meetingId}", MeetingEndpoints.GetAsync).Requires(MeetingPermissions.Read);
            meetings.MapPatch("/{meetingId}", MeetingEndpoints.UpdateAsync).Requires(MeetingPermissions.Write);
            meetings.MapDelete("/{meetingId}", MeetingEndpoints.DeleteAsync).Requires(MeetingPermissions.Write);
        }

        var subscriptions = v1.MapGroup("/subscriptions");
        subscriptions.MapPost("", SubscriptionEndpoints.CreateAsync).Requires(SubscriptionEndpoints.Manage);
        subscriptions.MapGet("", SubscriptionEndpoints.ListAsync).Requires(SubscriptionEndpoints.Manage);
        subscriptions.MapGet("/{id}", SubscriptionEndpoints.GetAsync).Requires(SubscriptionEndpoints.Manage);
        subscriptions.MapPatch("/{id}", SubscriptionEndpoints.RenewAsync).Requires(SubscriptionEndpoints.Manage);
        subscriptions.MapDelete("/{id}", SubscriptionEndpoints.DeleteAsync).Requires(SubscriptionEndpoints.Manage);
        subscriptions.MapPost("/{id}/reauthorize", SubscriptionEndpoints.ReauthorizeAsync).Requires(SubscriptionEndpoints.Manage);

        endpoints.MapHub<ChatHub>("/chat/live", o => o.CloseOnAuthenticationExpiration = true);
        return endpoints;
    }

    /// <summary>Kiota exposes every chat path under /chats, /me/chats and /users/{id}/chats; all three are served.</summary>
    private static void MapChatPaths(RouteGroupBuilder chats)
    {
        chats.MapGet("", ChatEndpoints.ListAsync).Requires(ChatPermissions.ReadChat);
        foreach (var function in new[] { "/getAllMessages", "/getAllMessages()" })
        {
            chats.MapGet(function, MessageListEndpoints.AllMessagesAsync).Requires(ChatPermissions.AllMessages);
        }

        chats.MapGet("/{chatId}", ChatEndpoints.GetAsync).Requires(ChatPermissions.ReadChat);
        chats.MapPatch("/{chatId}", ChatEndpoints.UpdateAsync).Requires(ChatPermissions.UpdateChat);
        foreach (var action in new[] { "hideForUser", "unhideForUser", "markChatReadForUser", "markChatUnreadForUser" })
        {
            chats.MapPost($"/{{chatId}}/{action}", ChatEndpoints.UserAction(action)).Requires(ChatPermissions.UserState);
        }

        chats.MapGet("/{chatId}/members", MemberEndpoints.ListAsync).Requires(ChatPermissions.ReadMembers);
        chats.MapGet("/{chatId}/members/{membershipId}", MemberEndpoints.GetAsync).Requires(ChatPermissions.ReadMembers);
        chats.MapPost("/{chatId}/members", MemberEndpoints.AddAsync).Requires(ChatPermissions.AddMember);
        chats.MapPost("/{chatId}/members/add", MemberEndpoints.AddManyAsync).Requires(ChatPermissions.AddMember);
        chats.MapPost("/{chatId}/members/remove", MemberEndpoints.RemoveManyAsync).Requires(ChatPermissions.RemoveMember);
        chats.MapDelete("/{chatId}/members/{membershipId}", MemberEndpoints.RemoveAsync).Requires(ChatPermissions.RemoveMember);

        chats.MapGet("/{chatId}/messages", MessageListEndpoints.ListAsync).Requires(ChatPermissions.ReadMessages);
        chats.MapPost("/{chatId}/messages", MessageEndpoints.SendAsync).Requires(ChatPermissions.SendMessage);
        chats.MapGet("/{chatId}/messages/{messageId}", MessageEndpoints.GetAsync).Requires(ChatPermissions.ReadMessages);
        chats.MapPatch("/{chatId}/messages/{messageId}", MessageEndpoints.UpdateAsync).Requires(ChatPermissions.UpdateMessage);
        chats.MapPost("/{chatId}/messages/{messageId}/softDelete", MessageEndpoints.SoftDelete(delete: true)).Requires(ChatPermissions.DeleteMessage);
        chats.MapPost("/{chatId}/messages/{messageId}/undoSoftDelete", MessageEndpoints.SoftDelete(delete: false)).Requires(ChatPermissions.DeleteMessage);
        chats.MapPost("/{chatId}/messages/{messageId}/setReaction", MessageEndpoints.Reaction(set: true)).Requires(ChatPermissions.React);
        chats.MapPost("/{chatId}/messages/{messageId}/unsetReaction", MessageEndpoints.Reaction(set: false)).Requires(ChatPermissions.React);
    }
}
