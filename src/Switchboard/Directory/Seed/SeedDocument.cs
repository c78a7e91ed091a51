namespace Switchboard.Directory.Seed;

/// <summary>The declarative seed file (docs/seed.md). Unknown properties are ignored.</summary>
internal sealed record SeedDocument
{
    public List<SeedTenant> Tenants { get; init; } = [];

    public List<SeedUser> PersonalAccounts { get; init; } = [];

    public List<SeedApplication> Applications { get; init; } = [];

    public List<SeedGrant> Grants { get; init; } = [];
}

internal sealed record SeedTenant
{
    public Guid Id { get; init; }

    public string Domain { get; init; } = "";

    public string DisplayName { get; init; } = "";

    public bool UsersCanConsent { get; init; } = true;

    /// <summary>Teams' external access: whether users may chat and call with other tenants' users.</summary>
    public bool ExternalChat { get; init; } = true;

    public SeedServicePrincipals? ServicePrincipals { get; init; }

    public List<SeedUser> Users { get; init; } = [];
}

internal sealed record SeedServicePrincipals
{
    /// <summary>App ids of first-party resources that this tenant lacks a service principal for.</summary>
    public List<Guid> Omit { get; init; } = [];
}

internal sealed record SeedUser
{
    public Guid Id { get; init; }

    public string UserPrincipalName { get; init; } = "";

    public string DisplayName { get; init; } = "";

    public string? GivenName { get; init; }

    public string? Surname { get; init; }

    public string Password { get; init; } = "";

    public bool TeamsEnabled { get; init; }

    public bool AccountEnabled { get; init; } = true;

    public List<string> Roles { get; init; } = [];
}

internal sealed record SeedApplication
{
    public Guid AppId { get; init; }

    /// <summary>Home tenant: id or verified domain.</summary>
    public string Tenant { get; init; } = "";

    public string DisplayName { get; init; } = "";

    public string SignInAudience { get; init; } = "AzureADMyOrg";

    public SeedPlatform? PublicClient { get; init; }

    public SeedPlatform? Web { get; init; }

    public SeedPlatform? Spa { get; init; }

    public bool AllowPublicClientFlows { get; init; }

    public List<string> Secrets { get; init; } = [];

    /// <summary>Fully qualified delegated permissions (<c>https://resource/Scope</c>); a bare name means Microsoft Graph.</summary>
    public List<string> RequiredResourceAccess { get; init; } = [];

    /// <summary>Fully qualified application permissions the app declares (<c>https://graph.microsoft.com/User.Read.All</c>).</summary>
    public List<string> RequiredAppRoles { get; init; } = [];

    /// <summary>When the app is also an API: its identifier URIs, delegated scopes and app roles.</summary>
    public List<string> IdentifierUris { get; init; } = [];

    public List<SeedScope> Scopes { get; init; } = [];

    public List<SeedAppRole> AppRoles { get; init; } = [];

    public int? AccessTokenVersion { get; init; }
}

internal sealed record SeedPlatform
{
    public List<string> RedirectUris { get; init; } = [];
}

internal sealed record SeedScope
{
    public Guid? Id { get; init; }

    public string Value { get; init; } = "";

    public string? DisplayName { get; init; }

    public bool AdminConsentRequired { get; init; }
}

internal sealed record SeedAppRole
{
    public Guid? Id { get; init; }

    public string Value { get; init; } = "";

    public string? DisplayName { get; init; }
}

internal sealed record SeedGrant
{
    public string Tenant { get; init; } = "";

    public Guid AppId { get; init; }

    /// <summary>Fully qualified delegated permissions.</summary>
    public List<string> Scopes { get; init; } = [];

    /// <summary>Fully qualified application permissions (app role assignments).</summary>
    public List<string> Roles { get; init; } = [];

    public string ConsentType { get; init; } = "AllPrincipals";

    /// <summary>For <c>Principal</c> grants: the user's id or user principal name.</summary>
    public string? Principal { get; init; }
}
