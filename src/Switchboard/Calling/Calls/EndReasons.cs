namespace Switchboard.Calling.Calls;

/// <summary>
/// The one catalog of call end reasons and request errors, as ACS reports them (<c>code</c> SIP-like,
/// <c>subCode</c> the reason; calling.md §1.11). Listed in docs/calling.md.
/// </summary>
internal static class EndReasons
{
    public static readonly CallEndReason HungUp = new(0, 0);
    public static readonly CallEndReason EndedByService = new(0, 5003);
    public static readonly CallEndReason EndedForEveryone = new(0, 4097);
    public static readonly CallEndReason CallerCancelled = new(487, 0);
    public static readonly CallEndReason Declined = new(603, 0);
    public static readonly CallEndReason AnsweredElsewhere = new(487, 10003);
    public static readonly CallEndReason NotAnswered = new(487, 10004);
    public static readonly CallEndReason DeclinedElsewhere = new(487, 10024);
    public static readonly CallEndReason CalleeOffline = new(480, 0);
    public static readonly CallEndReason InvalidToken = new(495, 4507);
    public static readonly CallEndReason MediaFailed = new(410, 301005);
    public static readonly CallEndReason PeerLost = new(408, 0);
    public static readonly CallEndReason RemovedByParticipant = new(0, 5000);

    /// <summary>The leg ended because it was transferred (transferor, transferee and consultation legs). Switchboard's pick.</summary>
    public static readonly CallEndReason Transferred = new(0, 7015);

    /// <summary>Ringing stopped here because the call was forwarded (rules or <c>forward()</c>); SIP's 302.</summary>
    public static readonly CallEndReason Forwarded = new(302, 0);
}

internal readonly record struct CallEndReason(int Code, int SubCode);

/// <summary>A refused request, answered as an <c>error</c> frame; the library throws it as <c>CommunicationServicesError</c>.</summary>
internal sealed record CallingError(int Code, int SubCode, string Message)
{
    public static CallingError BadRequest(string message) => new(400, 0, message);

    public static CallingError UnknownCall(string callId) => new(404, 0, $"Call '{callId}' is not known to this endpoint.");

    public static CallingError UnsupportedTarget(string rawId) => new(400, 10101, $"'{rawId}' is not a Teams user or a Communication Services user this server can call.");

    public static CallingError TargetNotFound(string rawId) => new(404, 10102, $"No user '{rawId}' in the directory.");

    public static CallingError TargetCannotCall(string rawId) => new(403, 10103, $"User '{rawId}' cannot take calls: the account is disabled or has no Teams license.");

    public static CallingError NotInThread(string threadId) => new(403, 10100, $"Caller and callee must both be members of chat '{threadId}'.");

    public static CallingError ExternalBlocked(string detail) => new(403, 10105, detail);

    public static CallingError GroupNeedsThread() => new(400, 10106, "A group call between Teams users needs the group chat's threadId.");

    public static CallingError UnknownMeeting() => new(404, 10110, "No meeting has this join link or meeting id.");

    public static CallingError WrongPasscode() => new(403, 10111, "The passcode does not match the meeting.");

    public static CallingError BadLocator(string detail) => new(400, 10112, detail);

    public static CallingError NotInCall(string rawId) => new(404, 10113, $"'{rawId}' is not in this call.");

    public static CallingError TransferNotPossible(string detail) => new(400, 10114, detail);

    public static CallingError AlreadyInCall(string rawId) => new(409, 10115, $"'{rawId}' is already in this call.");

    public static CallingError WrongState(string action, string state) => new(400, 10107, $"Cannot {action} a call that is {state}.");
}
