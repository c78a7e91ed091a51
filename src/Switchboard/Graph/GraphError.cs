namespace Switchboard.Graph;

/// <summary>
/// An expected failure in Microsoft Graph's error shape (<c>{"error":{"code","message","innerError"}}</c>),
/// which Kiota turns into <c>ODataError</c> and the JavaScript client into <c>GraphError</c>.
/// Built only by <see cref="GraphErrors"/>.
/// </summary>
internal sealed record GraphError(int Status, string Code, string Message)
{
    public TimeSpan? RetryAfter { get; init; }

    public IResult ToResult() => new GraphErrorResult(this);
}
