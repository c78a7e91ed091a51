namespace Switchboard.Calling.Forwarding;

// PUT /calling/forwarding as clients send it, and what GET and PUT answer. A null rule is off.

internal sealed class ForwardingRequest
{
    public ForwardTargetRequest? Immediate { get; set; }

    public ForwardTargetRequest? Unanswered { get; set; }

    public ForwardTargetRequest? Busy { get; set; }
}

internal sealed class ForwardTargetRequest
{
    public string? RawId { get; set; }

    /// <summary>Only for <c>unanswered</c>: how long the user's endpoints ring first.</summary>
    public int? AfterSeconds { get; set; }
}

internal sealed record ForwardingView(ForwardTargetView? Immediate, UnansweredView? Unanswered, ForwardTargetView? Busy)
{
    public static ForwardingView Of(ForwardingSettings settings) => new(
        settings.Immediate is { } immediate ? new ForwardTargetView(immediate) : null,
        settings.Unanswered is { } unanswered ? new UnansweredView(unanswered, (int)settings.UnansweredAfter.TotalSeconds) : null,
        settings.Busy is { } busy ? new ForwardTargetView(busy) : null);
}

internal sealed record ForwardTargetView(string RawId);

internal sealed record UnansweredView(string RawId, int AfterSeconds);
