namespace Switchboard.Calling.Forwarding;

/// <summary>
/// A user's call forwarding settings, as Teams keeps them: forward every call at once, or forward calls
/// that ring unanswered for <see cref="ForwardingSettings.UnansweredAfter"/>, or that arrive while the user
/// is busy in another call. Targets are raw ids (<c>8:orgid:…</c>, <c>8:acs:…</c>).
/// </summary>
internal interface IForwardingRules
{
    /// <summary>The settings of the user with this raw id; <see cref="ForwardingSettings.None"/> when none are set.</summary>
    Task<ForwardingSettings> GetAsync(string rawId, CancellationToken cancellationToken);
}

internal sealed record ForwardingSettings(string? Immediate, string? Unanswered, TimeSpan UnansweredAfter, string? Busy)
{
    public static readonly ForwardingSettings None = new(null, null, TimeSpan.FromSeconds(20), null);
}
