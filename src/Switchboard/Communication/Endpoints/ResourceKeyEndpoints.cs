using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Switchboard.Communication.Auth;
using Switchboard.Communication.Errors;
using Switchboard.Communication.Model;
using Switchboard.Communication.Storage;
using Switchboard.Directory;
using Switchboard.Graph;

namespace Switchboard.Communication.Endpoints;

/// <summary>
/// A small ARM-shaped control plane for communication resources on this host (the real one is
/// <c>management.azure.com</c>): list a tenant's resources, <c>listKeys</c> and <c>regenerateKey</c>
/// with ARM's bodies. The caller is a Global Administrator of the resource's tenant with a delegated
/// Graph token, the token the admin portal already holds. Key material never reaches the log.
/// </summary>
internal static partial class ResourceKeyEndpoints
{
    public static async Task<IResult> ListAsync(HttpContext http, GraphAuthenticator authenticator, IDirectory directory, CommunicationDb db)
    {
        var (tenant, error) = await AuthorizeAsync(http, authenticator, directory);
        if (error is not null)
        {
            return error.ToResult();
        }

        var resources = await db.Resources.AsNoTracking().Where(r => r.TenantId == tenant).OrderBy(r => r.Name).ToListAsync(http.RequestAborted);
        return Results.Json(new { value = resources.Select(r => View(http, r)).ToList() });
    }

    public static async Task<IResult> ListKeysAsync(string name, HttpContext http, GraphAuthenticator authenticator, IDirectory directory, CommunicationDb db)
    {
        var (tenant, error) = await AuthorizeAsync(http, authenticator, directory);
        if (error is not null)
        {
            return error.ToResult();
        }

        var resource = await db.Resources.AsNoTracking().FirstOrDefaultAsync(r => r.TenantId == tenant && r.Name == name, http.RequestAborted);
        return resource is null ? ArmErrors.ResourceNotFound(name).ToResult() : Keys(http, resource);
    }

    /// <summary><c>POST …/{name}/regenerateKey</c> <c>{"keyType":"Primary"|"Secondary"}</c>: the old key stops working at once on this node.</summary>
    public static async Task<IResult> RegenerateKeyAsync(string name, HttpContext http, GraphAuthenticator authenticator, IDirectory directory, CommunicationDb db, ResourceCache cache, ILogger<ResourceKeyCategory> logger)
    {
        var (tenant, error) = await AuthorizeAsync(http, authenticator, directory);
        if (error is not null)
        {
            return error.ToResult();
        }

        var resource = await db.Resources.FirstOrDefaultAsync(r => r.TenantId == tenant && r.Name == name, http.RequestAborted);
        if (resource is null)
        {
            return ArmErrors.ResourceNotFound(name).ToResult();
        }

        string? keyType = null;
        try
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            keyType = body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("keyType", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            // An unreadable body is the same refusal as a missing key type.
        }

        switch (keyType?.ToLowerInvariant())
        {
            case "primary":
                resource.PrimaryKey = CommunicationServiceEndpoints.NewKey();
                break;
            case "secondary":
                resource.SecondaryKey = CommunicationServiceEndpoints.NewKey();
                break;
            default:
                return ArmErrors.InvalidKeyType().ToResult();
        }

        await db.SaveChangesAsync(http.RequestAborted);
        cache.Invalidate();
        LogRegenerated(logger, resource.Name, keyType!);
        return Keys(http, resource);
    }

    private static async Task<(Guid Tenant, ArmError? Error)> AuthorizeAsync(HttpContext http, GraphAuthenticator authenticator, IDirectory directory)
    {
        var (caller, error) = await authenticator.AuthenticateAsync(GraphAuthenticator.BearerToken(http.Request), http.RequestAborted);
        if (caller is null)
        {
            return (Guid.Empty, ArmErrors.InvalidToken(error!.Message));
        }

        if (caller.IsApplication)
        {
            return (Guid.Empty, ArmErrors.AuthorizationFailed());
        }

        var user = await directory.GetUserAsync(caller.User, http.RequestAborted);
        return user is { AccountEnabled: true } && user.TenantId == caller.TenantId && user.Roles.Contains(DirectoryRoles.GlobalAdministrator)
            ? (caller.TenantId, null)
            : (Guid.Empty, ArmErrors.AuthorizationFailed());
    }

    private static object View(HttpContext http, CommunicationResource resource) => new
    {
        id = ResourceId(resource),
        name = resource.Name,
        type = "Microsoft.Communication/CommunicationServices",
        location = "global",
        properties = new
        {
            provisioningState = "Succeeded",
            hostName = http.Request.Host.Value,
            dataLocation = resource.DataLocation,
            immutableResourceId = resource.Id.ToString(),
        },
    };

    private static IResult Keys(HttpContext http, CommunicationResource resource)
    {
        var endpoint = $"{http.Request.Scheme}://{http.Request.Host}/";
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new
        {
            primaryKey = resource.PrimaryKey,
            secondaryKey = resource.SecondaryKey,
            primaryConnectionString = $"endpoint={endpoint};accesskey={resource.PrimaryKey}",
            secondaryConnectionString = $"endpoint={endpoint};accesskey={resource.SecondaryKey}",
        });
    }

    /// <summary>An ARM-like id; Switchboard has no subscriptions, so the tenant stands in for one.</summary>
    private static string ResourceId(CommunicationResource resource)
        => $"/subscriptions/{resource.TenantId}/resourceGroups/switchboard/providers/Microsoft.Communication/CommunicationServices/{resource.Name}";

    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Communication resource {Resource}: {KeyType} key regenerated.")]
    private static partial void LogRegenerated(ILogger logger, string resource, string keyType);
}

/// <summary>Log category of <see cref="ResourceKeyEndpoints"/>.</summary>
internal sealed class ResourceKeyCategory;
