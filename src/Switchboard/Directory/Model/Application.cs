namespace Switchboard.Directory.Model;

/// <summary>An app registration (Entra "application" object), living in its home tenant.</summary>
internal sealed class Application
{
    public Guid ObjectId { get; set; }

    public Guid AppId { get; set; }

    public Guid HomeTenantId { get; set; }

    public required string DisplayName { get; set; }

    /// <summary><see cref="SignInAudiences"/>.</summary>
    public required string SignInAudience { get; set; }

    public bool AllowPublicClientFlows { get; set; }

    /// <summary>Microsoft's own apps (ACS, Graph) and Switchboard's first-party clients.</summary>
    public bool IsFirstParty { get; set; }

    /// <summary>1 or 2; null behaves as 1, as in Entra (<c>api.requestedAccessTokenVersion</c>).</summary>
    public int? AccessTokenVersion { get; set; }

    public List<RedirectUri> RedirectUris { get; set; } = [];

    public List<string> IdentifierUris { get; set; } = [];

    public List<PermissionScope> Scopes { get; set; } = [];

    public List<AppRole> AppRoles { get; set; } = [];

    public List<RequiredResourceAccess> RequiredResourceAccess { get; set; } = [];

    public List<ClientSecret> Secrets { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}

internal static class SignInAudiences
{
    public const string MyOrg = "AzureADMyOrg";
    public const string MultipleOrgs = "AzureADMultipleOrgs";
    public const string MultipleOrgsAndPersonal = "AzureADandPersonalMicrosoftAccount";
    public const string PersonalOnly = "PersonalMicrosoftAccount";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { MyOrg, MultipleOrgs, MultipleOrgsAndPersonal, PersonalOnly };

    public static bool AllowsPersonal(string audience) => audience is MultipleOrgsAndPersonal or PersonalOnly;

    public static bool AllowsOrganizations(string audience) => audience is not PersonalOnly;

    public static bool IsMultiTenant(string audience) => audience is not MyOrg;
}

internal static class RedirectPlatforms
{
    public const string PublicClient = "publicClient";
    public const string Web = "web";
    public const string Spa = "spa";
}

internal sealed record RedirectUri(string Platform, string Uri);

/// <summary>A delegated permission an API exposes (<c>oauth2PermissionScopes</c>).</summary>
internal sealed record PermissionScope(Guid Id, string Value, string AdminConsentDisplayName, string? UserConsentDisplayName, bool AdminConsentRequired, bool PersonalAccountsSupported = true);

/// <summary>An application permission (app role with <c>allowedMemberTypes: Application</c>).</summary>
internal sealed record AppRole(Guid Id, string Value, string DisplayName);

/// <summary>What an app declares it needs from one resource (the static list behind <c>.default</c>).</summary>
internal sealed record RequiredResourceAccess(Guid ResourceAppId, List<string> Scopes, List<string> Roles);

internal sealed class ClientSecret
{
    public Guid KeyId { get; set; }

    public Guid ApplicationObjectId { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>First three characters, as Entra shows them.</summary>
    public required string Hint { get; set; }

    /// <summary>Salted SHA-256 (<see cref="SecretHasher"/>): client secrets are random, so a slow hash buys nothing.</summary>
    public required string Hash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }
}
