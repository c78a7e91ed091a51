using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Switchboard.Directory;
using Switchboard.Login.Errors;
using Switchboard.Login.Interaction;
using Switchboard.Login.Pages;
using Switchboard.Login.Scopes;
using Switchboard.Login.Storage;

namespace Switchboard.Login.Endpoints;

/// <summary>
/// The device authorization grant: <c>POST /{tenant}/oauth2/v2.0/devicecode</c> starts it, the person
/// finishes it at <c>/devicelogin</c> (Entra's https://microsoft.com/devicelogin), the device polls the
/// token endpoint.
/// </summary>
internal static class DeviceCodeEndpoints
{
    // No vowels (no words) and no look-alikes (0/O, 1/I/L).
    private const string UserCodeAlphabet = "BCDFGHJKMNPQRSTVWXZ23456789";

    public static async Task<IResult> StartAsync(
        string tenant,
        HttpContext http,
        AuthorityResolver authorities,
        IDirectory directory,
        ScopeResolver scopes,
        LoginDb db,
        Issuers issuers,
        TimeProvider time,
        IOptions<LoginOptions> options)
    {
        var (authority, error) = await authorities.ResolveAsync(tenant, http.RequestAborted);
        if (authority is null)
        {
            return new AadErrorResult(error!);
        }

        if (!http.Request.HasFormContentType)
        {
            return new AadErrorResult(AadErrors.MalformedRequest("The request must be application/x-www-form-urlencoded."));
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var clientId = form["client_id"].ToString();
        if (clientId.Length == 0)
        {
            return new AadErrorResult(AadErrors.MissingParameter("client_id"));
        }

        var client = Guid.TryParse(clientId, out var appId) ? await directory.FindApplicationAsync(appId, http.RequestAborted) : null;
        if (client is null || !FirstPartyApplications.IsClient(client))
        {
            return new AadErrorResult(AadErrors.ClientNotFound(clientId, authority.Segment));
        }

        error = SignInRules.CheckClientForAuthority(authority, client)
            ?? (client.AllowPublicClientFlows ? null : AadErrors.PublicClientFlowsDisabled(client.AppId, client.DisplayName));
        if (error is not null)
        {
            return new AadErrorResult(error);
        }

        var (request, scopeError) = await scopes.ResolveAsync(form["scope"], authority.Segment, http.RequestAborted);
        if (request is null)
        {
            return new AadErrorResult(scopeError!);
        }

        var settings = options.Value;
        var now = time.GetUtcNow();
        var deviceCode = GrantStore.NewHandle("DAQAB");
        var userCode = RandomNumberGenerator.GetString(UserCodeAlphabet, 9);
        db.DeviceCodes.Add(new DeviceCodeRecord
        {
            Id = SecretHasher.LookupKey(deviceCode),
            UserCode = userCode,
            ClientId = client.AppId,
            Authority = authority.Segment,
            Scope = request.Raw,
            Status = DeviceCodeStatus.Pending,
            CreatedAt = now,
            ExpiresAt = now + settings.DeviceCodeLifetime,
        });
        await db.SaveChangesAsync(http.RequestAborted);

        var verificationUri = issuers.Origin(http.Request) + "/devicelogin";
        return Results.Json(
            new Dictionary<string, object>
            {
                ["user_code"] = userCode,
                ["device_code"] = deviceCode,
                ["verification_uri"] = verificationUri,
                ["expires_in"] = (int)settings.DeviceCodeLifetime.TotalSeconds,
                ["interval"] = Math.Max(1, (int)settings.DeviceCodePollingInterval.TotalSeconds),
                ["message"] = $"To sign in, use a web browser to open the page {verificationUri} and enter the code {userCode} to authenticate.",
            },
            LoginJson.Options);
    }

    /// <summary><c>GET|POST /devicelogin</c>: enter the code, then sign in and consent like any other flow.</summary>
    public static async Task<IResult> CompleteAsync(
        HttpContext http,
        LoginDb db,
        AuthorityResolver authorities,
        IDirectory directory,
        ScopeResolver scopes,
        SignInInteraction interaction,
        Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery,
        TimeProvider time)
    {
        string? userCode = http.Request.Query["otc"];
        if (userCode is null && HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType)
        {
            userCode = (await http.Request.ReadFormAsync(http.RequestAborted))["otc"];
        }

        if (string.IsNullOrWhiteSpace(userCode))
        {
            return LoginPages.DeviceCodeEntry(EntryForm(http, antiforgery), null);
        }

        var normalized = new string(userCode.Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant();
        var now = time.GetUtcNow();
        var record = await db.DeviceCodes.FirstOrDefaultAsync(d => d.UserCode == normalized && d.Status == DeviceCodeStatus.Pending, http.RequestAborted);
        if (record is null || record.ExpiresAt <= now)
        {
            return LoginPages.DeviceCodeEntry(EntryForm(http, antiforgery), "That code didn't work. Check the code and try again. " + AadErrors.BadVerificationCode().Headline);
        }

        var client = await directory.FindApplicationAsync(record.ClientId, http.RequestAborted);
        var (authority, _) = await authorities.ResolveAsync(record.Authority, http.RequestAborted);
        var (request, _) = await scopes.ResolveAsync(record.Scope, record.Authority, http.RequestAborted);
        if (client is null || authority is null || request is null)
        {
            return LoginPages.Message("Sign-in failed", "The app that asked for this code no longer exists.", 400);
        }

        var outcome = await interaction.RunAsync(http, new InteractionRequest(
            InteractionKind.DeviceCode, authority, client, request, null, null, "/devicelogin?otc=" + Uri.EscapeDataString(normalized)));
        switch (outcome)
        {
            case InteractionOutcome.ShowPage page:
                return page.Page;
            case InteractionOutcome.Declined:
                record.Status = DeviceCodeStatus.Declined;
                await db.SaveChangesAsync(http.RequestAborted);
                return LoginPages.Message("Sign-in declined", $"You declined to sign in to {client.DisplayName} on your device. You can close this window.");
            case InteractionOutcome.Failed { Error.Code: 90094 } failed:
                return LoginPages.NeedAdminApproval(failed.Error, client.DisplayName, null);
            case InteractionOutcome.Failed failed:
                return AuthorizeEndpoint.ErrorPage(http, failed.Error, time);
        }

        var done = (InteractionOutcome.Completed)outcome;
        record.Status = DeviceCodeStatus.Approved;
        record.UserId = done.User.Id;
        record.TenantId = done.Tenant.Id;
        await db.SaveChangesAsync(http.RequestAborted);
        return LoginPages.Message(client.DisplayName, $"You have signed in to the {client.DisplayName} application on your device. You may now close this window.");
    }

    private static FormTarget EntryForm(HttpContext http, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return new FormTarget("/devicelogin", new Dictionary<string, string> { [tokens.FormFieldName] = tokens.RequestToken! });
    }
}
