namespace Switchboard.Calling.Forwarding;

/// <summary>One user's forwarding settings as stored; a user without settings has no row.</summary>
internal sealed class ForwardingRecord
{
    /// <summary>The user's raw id, canonical (<c>8:orgid:{lower-case object id}</c> or <c>8:acs:…</c>).</summary>
    public required string RawId { get; set; }

    public string? Immediate { get; set; }

    public string? Unanswered { get; set; }

    public int UnansweredAfterSeconds { get; set; }

    public string? Busy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
