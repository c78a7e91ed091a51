namespace Switchboard.Communication.Errors;

/// <summary>
/// An expected failure of the identity service in the ACS error envelope
/// (<c>{"error":{"code","message","target","innererror"}}</c>, what Azure.Core and core-rest-pipeline parse).
/// Built only by <see cref="AcsErrors"/>. <see cref="Inner"/> names the exact check where the real
/// service's message is generic.
/// </summary>
internal sealed record AcsError(int Status, string Code, string Message, string? Target = null, AcsError? Inner = null)
{
    public TimeSpan? RetryAfter { get; init; }
}
