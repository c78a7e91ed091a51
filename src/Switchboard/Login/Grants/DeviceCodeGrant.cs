using Microsoft.EntityFrameworkCore;
using Switchboard.Directory;
using Switchboard.Login.Clients;
using Switchboard.Login.Errors;
using Switchboard.Login.Scopes;
using Switchboard.Login.Storage;

namespace Switchboard.Login.Grants;

/// <summary>The device-code grant (RFC 8628): polling answers pending, declined, expired, or the tokens once.</summary>
internal sealed class DeviceCodeGrant(LoginDb db, ClientAuthenticator clients, ScopeResolver scopes, IDirectory directory, UserTokenResponder responder, TimeProvider time) : ITokenGrant
{
    public string GrantType => "urn:ietf:params:oauth:grant-type:device_code";

    public IReadOnlyList<string> Aliases => ["device_code"];

    public async Task<IResult> HandleAsync(TokenContext context)
    {
        var deviceCode = context["device_code"] ?? context["code"];
        if (deviceCode is null)
        {
            return new AadErrorResult(AadErrors.MissingParameter("device_code"));
        }

        var id = SecretHasher.LookupKey(deviceCode);
        var record = await db.DeviceCodes.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, context.Aborted);
        if (record is null || record.ClientId != context.Client.AppId)
        {
            return new AadErrorResult(AadErrors.BadVerificationCode());
        }

        var (acr, clientError) = clients.Authenticate(context.Http.Request, context.Form, context.Client, context.Client.AllowPublicClientFlows);
        if (clientError is not null)
        {
            return new AadErrorResult(clientError);
        }

        var now = time.GetUtcNow();
        switch (record.Status)
        {
            case DeviceCodeStatus.Redeemed:
                return new AadErrorResult(AadErrors.DeviceCodeAlreadyUsed());
            case DeviceCodeStatus.Declined:
                return new AadErrorResult(AadErrors.DeviceCodeDeclined());
            case DeviceCodeStatus.Pending when record.ExpiresAt <= now:
                return new AadErrorResult(AadErrors.DeviceCodeExpired());
            case DeviceCodeStatus.Pending:
                return new AadErrorResult(AadErrors.AuthorizationPending());
        }

        var claimed = await db.DeviceCodes.Where(d => d.Id == id && d.Status == DeviceCodeStatus.Approved)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeviceCodeStatus.Redeemed), context.Aborted);
        if (claimed != 1 || record.UserId is null || record.TenantId is null)
        {
            return new AadErrorResult(AadErrors.DeviceCodeAlreadyUsed());
        }

        var user = await directory.GetUserAsync(record.UserId.Value, context.Aborted);
        var tenant = await directory.GetTenantAsync(record.TenantId.Value, context.Aborted);
        var (request, scopeError) = await scopes.ResolveAsync(record.Scope, context.TenantName, context.Aborted);
        if (user is null || tenant is null || request is null)
        {
            return new AadErrorResult(scopeError ?? AadErrors.BadVerificationCode());
        }

        return await responder.RespondAsync(context, new UserGrant(user, tenant, request, acr!, record.CreatedAt, acr == "0", IsSpa: false));
    }
}
