using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Communication;
using Switchboard.Communication.Auth;
using Switchboard.Communication.Endpoints;
using Switchboard.Communication.Seed;
using Switchboard.Communication.Storage;
using Switchboard.Communication.Tokens;
using Switchboard.Hosting;
using Switchboard.Security;
using Switchboard.Storage;

namespace Microsoft.Extensions.DependencyInjection;

internal static class CommunicationExtensions
{
    /// <summary>The ACS identity service: resources and keys, identities, ACS tokens, the Teams user exchange.</summary>
    public static IServiceCollection AddCommunication(this IServiceCollection services)
    {
        services.AddOptions<CommunicationOptions>().BindConfiguration(CommunicationOptions.Section);
        services.AddServiceDbContext<CommunicationDb>();
        services.TryAddSingleton<ResourceCache>();
        services.TryAddSingleton<HmacAuthenticator>();
        services.TryAddScoped<BearerAuthenticator>();
        services.TryAddSingleton<CommunicationThrottle>();
        services.TryAddSingleton<AcsKeyRing>();
        services.TryAddSingleton<AcsTokenIssuer>();
        services.TryAddSingleton<IAcsTokenValidator, AcsTokenValidator>();
        services.TryAddSingleton<IAcsIdentities, AcsIdentities>();
        services.TryAddSingleton<IAcsResourceKeys, AcsResourceKeys>();
        services.TryAddScoped<TeamsTokenExchange>();
        services.TryAddScoped<ITeamsTokenExchange>(sp => sp.GetRequiredService<TeamsTokenExchange>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupTask, MigrateTask<CommunicationDb>>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupTask, CommunicationSeedTask>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRotatingKeyRing, AcsKeyRing>(sp => sp.GetRequiredService<AcsKeyRing>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBannerSection, CommunicationBanner>());
        return services;
    }

    public static IEndpointRouteBuilder MapCommunication(this IEndpointRouteBuilder endpoints)
    {
        // The Identity REST API sits at the host root: the JavaScript SDK refuses an endpoint with a path.
        var api = endpoints.MapGroup("").DisableAntiforgery();
        api.MapPost("/identities", IdentityEndpoints.CreateAsync).Authenticated(Operations.CreateIdentity);
        api.MapPost("/identities/{id}/:issueAccessToken", IdentityEndpoints.IssueTokenAsync).Authenticated(Operations.IssueToken);
        api.MapPost("/identities/{id}/:revokeAccessTokens", IdentityEndpoints.RevokeAsync).Authenticated(Operations.RevokeTokens);
        api.MapDelete("/identities/{id}", IdentityEndpoints.DeleteAsync).Authenticated(Operations.DeleteIdentity);
        api.MapGet("/identities/{id}", IdentityEndpoints.GetAsync).Authenticated(Operations.GetIdentity);
        api.MapPost("/teamsUser/:exchangeAccessToken", TeamsExchangeEndpoint.HandleAsync).Authenticated(Operations.ExchangeTeamsToken);
        api.MapPost("/communication/resources/{id:guid}:regenerateKey", CommunicationServiceEndpoints.RegenerateKeyAsync).Authenticated(Operations.RegenerateKey);
        api.MapGet("/communication/discovery/keys", CommunicationServiceEndpoints.KeysAsync);
        api.MapGet("/communication/tokenInfo", CommunicationServiceEndpoints.TokenInfoAsync);

        // ARM-shaped resource management for the admin portal (docs/admin.md).
        var arm = endpoints.MapGroup("/admin/api/communication/resources").DisableAntiforgery();
        arm.MapGet("", ResourceKeyEndpoints.ListAsync);
        arm.MapPost("/{name}/listKeys", ResourceKeyEndpoints.ListKeysAsync);
        arm.MapPost("/{name}/regenerateKey", ResourceKeyEndpoints.RegenerateKeyAsync);
        return endpoints;
    }

    private static RouteHandlerBuilder Authenticated(this RouteHandlerBuilder route, string operation)
        => route.AddEndpointFilter(new CommunicationCallerFilter(operation));
}
