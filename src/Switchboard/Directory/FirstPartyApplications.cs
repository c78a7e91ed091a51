using Switchboard.Directory.Model;

namespace Switchboard.Directory;

/// <summary>
/// The resources every tenant knows, as Microsoft's own apps are present in every Entra tenant.
/// They live in the Microsoft services tenant and get a service principal in each tenant.
/// </summary>
internal static class FirstPartyApplications
{
    /// <summary>Microsoft's first-party services tenant, home of Microsoft's own app registrations.</summary>
    public static readonly Guid MicrosoftServicesTenantId = new("f8cdef31-a31e-4b4a-93e4-5f571e91255a");

    /// <summary>Personal Microsoft accounts live here; <c>/consumers</c> is its alias.</summary>
    public static readonly Guid ConsumersTenantId = new("9188040d-6c67-4c5b-b112-36a304b66dad");

    public static readonly Guid CommunicationTeamsAppId = new("1fd5118e-2576-4263-8130-9503064c837a");
    public const string CommunicationTeamsResource = "https://auth.msft.communication.azure.com";

    /// <summary>
    /// Resource for callers of the ACS data plane with Entra tokens (<c>https://communication.azure.com/.default</c>).
    /// Microsoft does not publish its app id; this one is Switchboard's own.
    /// </summary>
    public static readonly Guid CommunicationDataPlaneAppId = new("2b7ae6c2-6f8e-4a3e-9d63-5b1c1b3a7c01");
    public const string CommunicationDataPlaneResource = "https://communication.azure.com";

    public static readonly Guid GraphAppId = new("00000003-0000-0000-c000-000000000000");

    /// <summary>Switchboard's own web apps (the client at <c>/</c>, the admin portal at <c>/admin/</c>).</summary>
    public static readonly Guid SwitchboardWebAppId = new("5b0a4d2e-7f1c-4c8e-9a3d-5717c4b0a001");
    public const string GraphResource = "https://graph.microsoft.com";

    public static readonly IReadOnlySet<string> OidcScopes = new HashSet<string>(StringComparer.Ordinal) { "openid", "profile", "email", "offline_access" };

    public static IReadOnlyList<Application> Create(DateTimeOffset now) =>
    [
        new Application
        {
            ObjectId = new("6d2f4c1e-0a2b-4f6b-9a77-1fd5118e0001"),
            AppId = CommunicationTeamsAppId,
            HomeTenantId = MicrosoftServicesTenantId,
            DisplayName = "Azure Communication Services",
            SignInAudience = SignInAudiences.MultipleOrgs,
            IsFirstParty = true,
            AccessTokenVersion = 1,
            IdentifierUris = [CommunicationTeamsResource],
            Scopes =
            [
                new(new("de8ec1df-066a-4817-bc5d-9a985b986262"), "Teams.ManageCalls", "Manage calls in Teams", "Manage calls in Teams", AdminConsentRequired: false, PersonalAccountsSupported: false),
                new(new("6290af7f-b407-49f9-92d5-bf584fdc4019"), "Teams.ManageChats", "Manage chats in Teams", "Manage chats in Teams", AdminConsentRequired: false, PersonalAccountsSupported: false),
            ],
            CreatedAt = now,
        },
        new Application
        {
            ObjectId = new("6d2f4c1e-0a2b-4f6b-9a77-2b7ae6c20001"),
            AppId = CommunicationDataPlaneAppId,
            HomeTenantId = MicrosoftServicesTenantId,
            DisplayName = "Azure Communication Services data plane",
            SignInAudience = SignInAudiences.MultipleOrgs,
            IsFirstParty = true,
            AccessTokenVersion = 1,
            IdentifierUris = [CommunicationDataPlaneResource],
            CreatedAt = now,
        },
        new Application
        {
            ObjectId = new("6d2f4c1e-0a2b-4f6b-9a77-000000030001"),
            AppId = GraphAppId,
            HomeTenantId = MicrosoftServicesTenantId,
            DisplayName = "Microsoft Graph",
            SignInAudience = SignInAudiences.MultipleOrgsAndPersonal,
            IsFirstParty = true,
            AccessTokenVersion = 1,
            IdentifierUris = [GraphResource],
            Scopes =
            [
                new(new("37f7f235-527c-4136-accd-4a02d197296e"), "openid", "Sign users in", "Sign you in", false),
                new(new("14dad69e-099b-42c9-810b-d002981feec1"), "profile", "View users' basic profile", "View your basic profile", false),
                new(new("64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0"), "email", "View users' email address", "View your email address", false),
                new(new("7427e0e9-2fba-42fe-b0c0-848c9e6a8182"), "offline_access", "Maintain access to data you have given it access to", "Maintain access to data you have given it access to", false),
                new(new("e1fe6dd8-ba31-4d61-89e7-88639da4683d"), "User.Read", "Sign in and read user profile", "Sign you in and read your profile", false),
                new(new("b340eb25-3456-403f-be2f-af7a0d370277"), "User.ReadBasic.All", "Read all users' basic profiles", "Read all users' basic profiles", false),
                new(new("a154be20-db9c-4678-8ab7-66f6cc099a59"), "User.Read.All", "Read all users' full profiles", null, true),
                new(new("204e0828-b5ca-4ad8-b9f3-f32a958e7cc4"), "User.ReadWrite.All", "Read and write all users' full profiles", null, true),
                new(new("38826093-1258-4dea-98f0-00003be2b8d0"), "Chat.Create", "Create chats", "Create chats", false),
                new(new("9547fcb5-d03f-419d-9948-5928bbf71b0f"), "Chat.ReadBasic", "Read names and members of user chat threads", "Read names and members of your chat threads", false),
                new(new("f501c180-9344-439a-bca0-6cbf209fd270"), "Chat.Read", "Read user chat messages", "Read your chat messages", false),
                new(new("9ff7295e-131b-4d94-90e1-69fde507ac11"), "Chat.ReadWrite", "Read and write user chat messages", "Read and write your chat messages", false),
                new(new("116b7235-7cc6-461e-b163-8e55691d839e"), "ChatMessage.Send", "Send user chat messages", "Send chat messages", false),
                new(new("c5a9e2b1-faf6-41d4-8875-d381aa549b24"), "ChatMember.Read", "Read the members of chats", "Read the members of your chats", false),
                new(new("dea13482-7ea6-488f-8b98-eb5bbecf033d"), "ChatMember.ReadWrite", "Add and remove members from chats", "Add and remove members from your chats", false),
                new(new("9be106e1-f4e3-4df5-bdff-e4bc531cbe43"), "OnlineMeetings.Read", "Read user's online meetings", "Read your online meetings", false),
                new(new("a65f2972-a4f8-4f5e-afd7-69ccb046d5dc"), "OnlineMeetings.ReadWrite", "Read and create user's online meetings", "Read and create your online meetings", false),
                new(new("06da0dbc-49e2-44d2-8312-53f166ab848a"), "Directory.Read.All", "Read directory data", null, true),
                new(new("c5366453-9fb0-48a5-a156-24f0c49a4b84"), "Directory.ReadWrite.All", "Read and write directory data", null, true),
                new(new("bdfbf15f-ee85-4955-8675-146e8e5296b5"), "Application.ReadWrite.All", "Read and write all applications", null, true),
                new(new("41ce6ca6-6826-4807-84f1-1c82854f7ee5"), "DelegatedPermissionGrant.ReadWrite.All", "Manage all delegated permission grants", null, true),
                new(new("572fea84-0151-49b2-9301-11cb16974376"), "Policy.Read.All", "Read your organization's policies", null, true),
                new(new("edd3c878-b384-41fd-95ad-e7407dd775be"), "Policy.ReadWrite.Authorization", "Read and write your organization's authorization policy", null, true),
                new(new("d01b97e9-cbc0-49fe-810a-750afd5527a3"), "RoleManagement.ReadWrite.Directory", "Read and write directory RBAC settings", null, true),
            ],
            AppRoles =
            [
                new(new("df021288-bdef-4463-88db-98f22de89214"), "User.Read.All", "Read all users' full profiles"),
                new(new("6b7d71aa-70aa-4810-a8d9-5d9fb2830017"), "Chat.Read.All", "Read all chat messages"),
                new(new("294ce7c9-31ba-490a-ad7d-97a7d075e4ed"), "Chat.ReadWrite.All", "Read and write all chat messages"),
                new(new("1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9"), "Application.ReadWrite.All", "Read and write all applications"),
            ],
            CreatedAt = now,
        },
        new Application
        {
            ObjectId = new("6d2f4c1e-0a2b-4f6b-9a77-5b0a4d2e0001"),
            AppId = SwitchboardWebAppId,
            HomeTenantId = MicrosoftServicesTenantId,
            DisplayName = "Switchboard",
            SignInAudience = SignInAudiences.MultipleOrgs,
            IsFirstParty = true,
            // Origin-relative: the pages are served by this server, on whatever origin it answers at.
            RedirectUris = [new(RedirectPlatforms.Spa, "/"), new(RedirectPlatforms.Spa, "/admin/")],
            // Pre-authorized in every tenant (granted for all users when the directory is seeded), as
            // Microsoft's own apps need no consent. What a user may then do is decided by each API: the
            // directory write endpoints also require an admin role.
            RequiredResourceAccess =
            [
                new(GraphAppId, [.. OidcScopes, "User.Read", "User.ReadBasic.All", "Chat.Create", "Chat.ReadWrite", "ChatMessage.Send", "ChatMember.ReadWrite",
                    "OnlineMeetings.ReadWrite",
                    "User.ReadWrite.All", "Directory.ReadWrite.All", "Application.ReadWrite.All", "DelegatedPermissionGrant.ReadWrite.All",
                    "Policy.ReadWrite.Authorization", "RoleManagement.ReadWrite.Directory"], []),
                new(CommunicationTeamsAppId, ["Teams.ManageCalls", "Teams.ManageChats"], []),
            ],
            CreatedAt = now,
        },
    ];

    /// <summary>
    /// Resources whose tokens are only ever issued for a signed-in user: the ACS Teams permissions
    /// are delegated, with no application permissions (seed: "Application permissions: None").
    /// </summary>
    public static bool IsDelegatedOnly(Guid appId) => appId == CommunicationTeamsAppId;

    /// <summary>
    /// Whether an app may be the client of a sign-in or token request: every app registration of a
    /// customer tenant, and of the first-party apps only Switchboard's own web apps (Microsoft's
    /// resources are APIs, not clients).
    /// </summary>
    public static bool IsClient(Application app) => app.HomeTenantId != MicrosoftServicesTenantId || app.AppId == SwitchboardWebAppId;
}
