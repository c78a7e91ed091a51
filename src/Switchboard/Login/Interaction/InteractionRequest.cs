using Switchboard.Directory.Model;
using Switchboard.Login.Errors;
using Switchboard.Login.Scopes;
using Switchboard.Login.Storage;

namespace Switchboard.Login.Interaction;

internal enum InteractionKind
{
    /// <summary><c>/authorize</c>: sign in, then consent as the user (or for the tenant, for admins).</summary>
    Authorize,

    /// <summary><c>/devicelogin</c>: like authorize, but an existing session is confirmed, never used silently.</summary>
    DeviceCode,

    /// <summary><c>/adminconsent</c>: an administrator grants everything the app declares, for the tenant.</summary>
    AdminConsent,
}

/// <summary>What a browser-facing flow asks of the person at the browser.</summary>
internal sealed record InteractionRequest(
    InteractionKind Kind,
    Authority Authority,
    Application Client,
    ScopeRequest? Scopes,
    string? Prompt,
    string? LoginHint,
    string FormAction,
    IReadOnlyDictionary<string, string>? Hidden = null);

internal abstract record InteractionOutcome
{
    /// <summary>Signed in, audience checked, consent in place.</summary>
    public sealed record Completed(DirectoryUser User, Tenant Tenant, SessionRecord Session) : InteractionOutcome;

    /// <summary>The person has to do something on this page first.</summary>
    public sealed record ShowPage(IResult Page) : InteractionOutcome;

    public sealed record Failed(AadError Error) : InteractionOutcome;

    /// <summary>The person pressed Cancel on the consent page.</summary>
    public sealed record Declined : InteractionOutcome;
}
