using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Hosting;
using Switchboard.Login;
using Switchboard.Login.Clients;
using Switchboard.Login.Consent;
using Switchboard.Login.Endpoints;
using Switchboard.Login.Grants;
using Switchboard.Login.Interaction;
using Switchboard.Login.Keys;
using Switchboard.Login.Scopes;
using Switchboard.Login.Storage;
using Switchboard.Login.Tokens;
using Switchboard.Security;
using Switchboard.Storage;

namespace Microsoft.Extensions.DependencyInjection;

internal static class LoginExtensions
{
    public const string CorsPolicy = "entra";

    /// <summary>The Entra-shaped sign-in service: OAuth 2.0 / OpenID Connect, consent, signing keys.</summary>
    public static IServiceCollection AddLogin(this IServiceCollection services)
    {
        services.AddOptions<LoginOptions>().BindConfiguration(LoginOptions.Section);
        services.AddServiceDbContext<LoginDb>();
        services.TryAddSingleton<Issuers>();
        services.TryAddSingleton<SigningKeyRing>();
        services.TryAddSingleton<TokenIssuer>();
        services.TryAddSingleton<IEntraTokenValidator, EntraTokenValidator>();
        services.TryAddSingleton<ClientAuthenticator>();
        services.TryAddScoped<AuthorityResolver>();
        services.TryAddScoped<ScopeResolver>();
        services.TryAddScoped<ConsentEvaluator>();
        services.TryAddScoped<GrantStore>();
        services.TryAddScoped<SessionStore>();
        services.TryAddScoped<SignInInteraction>();
        services.TryAddScoped<UserTokenResponder>();
        services.TryAddEnumerable(
        [
            ServiceDescriptor.Scoped<ITokenGrant, AuthorizationCodeGrant>(),
            ServiceDescriptor.Scoped<ITokenGrant, RefreshTokenGrant>(),
            ServiceDescriptor.Scoped<ITokenGrant, PasswordGrant>(),
            ServiceDescriptor.Scoped<ITokenGrant, DeviceCodeGrant>(),
            ServiceDescriptor.Scoped<ITokenGrant, ClientCredentialsGrant>(),
            ServiceDescriptor.Scoped<ITokenGrant, OnBehalfOfGrant>(),
        ]);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRotatingKeyRing, SigningKeyRing>(sp => sp.GetRequiredService<SigningKeyRing>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupTask, MigrateTask<LoginDb>>());
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "sb.antiforgery";
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.FormFieldName = "__sb_af";
        });
        services.AddCors(o => o.AddPolicy(CorsPolicy, p => p.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("client-request-id")));
        return services;
    }

    public static IEndpointRouteBuilder MapLogin(this IEndpointRouteBuilder endpoints)
    {
        // Route table first; handlers live in Login/Endpoints.
        var entra = endpoints.MapGroup("").RequireCors(CorsPolicy).DisableAntiforgery();
        entra.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant, HttpContext http, AuthorityResolver a, Issuers i) => DiscoveryEndpoints.OpenIdConfigurationAsync(tenant, http, a, i, v2: true));
        entra.MapGet("/{tenant}/.well-known/openid-configuration", (string tenant, HttpContext http, AuthorityResolver a, Issuers i) => DiscoveryEndpoints.OpenIdConfigurationAsync(tenant, http, a, i, v2: false));
        entra.MapGet("/{tenant}/discovery/v2.0/keys", (string tenant, HttpContext http, AuthorityResolver a, SigningKeyRing r, Issuers i) => DiscoveryEndpoints.KeysAsync(tenant, http, a, r, i, v2: true));
        entra.MapGet("/{tenant}/discovery/keys", (string tenant, HttpContext http, AuthorityResolver a, SigningKeyRing r, Issuers i) => DiscoveryEndpoints.KeysAsync(tenant, http, a, r, i, v2: false));
        entra.MapGet("/common/discovery/instance", DiscoveryEndpoints.Instance);
        entra.MapGet("/common/userrealm/{upn}", DiscoveryEndpoints.UserRealmAsync);
        entra.MapPost("/{tenant}/oauth2/v2.0/token", TokenEndpoint.HandleAsync);
        entra.MapPost("/{tenant}/oauth2/v2.0/devicecode", DeviceCodeEndpoints.StartAsync);

        var pages = endpoints.MapGroup("").DisableAntiforgery();
        pages.MapMethods("/{tenant}/oauth2/v2.0/authorize", ["GET", "POST"], AuthorizeEndpoint.HandleAsync);
        pages.MapMethods("/{tenant}/oauth2/v2.0/logout", ["GET", "POST"], LogoutEndpoint.HandleAsync);
        pages.MapMethods("/{tenant}/adminconsent", ["GET", "POST"], AdminConsentEndpoint.HandleAsync);
        pages.MapMethods("/{tenant}/v2.0/adminconsent", ["GET", "POST"], AdminConsentEndpoint.HandleAsync);
        pages.MapMethods("/devicelogin", ["GET", "POST"], DeviceCodeEndpoints.CompleteAsync);
        pages.MapGet("/error", DiscoveryEndpoints.ErrorCode);
        return endpoints;
    }
}
