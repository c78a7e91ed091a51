using Switchboard.Communication;
using Switchboard.Communication.Errors;
using Switchboard.Directory;

namespace Switchboard.Calling.Forwarding;

/// <summary>
/// Checks a PUT body in order: immediate excludes the others; each rule's target is present, a raw id
/// of a kind that can be called, not the user; the ring delay is in range; then each target exists
/// (a user of the directory who can take calls, or an ACS identity). The first failure is the answer.
/// </summary>
internal sealed class ForwardingTargets(IServiceScopeFactory scopes, IAcsIdentities acs)
{
    public const int MinDelaySeconds = 5;
    public const int MaxDelaySeconds = 120;
    private const string TeamsPrefix = "8:orgid:";

    public async Task<(ForwardingSettings? Settings, AcsError? Error)> ReadAsync(string owner, ForwardingRequest request, CancellationToken cancellationToken)
    {
        if (request.Immediate is not null && (request.Unanswered is not null || request.Busy is not null))
        {
            return (null, AcsErrors.ForwardingImmediateIsExclusive());
        }

        var rules = new List<(string Rule, ForwardTargetRequest Request)>();
        foreach (var (rule, target) in new[] { ("immediate", request.Immediate), ("unanswered", request.Unanswered), ("busy", request.Busy) })
        {
            if (target is not null)
            {
                rules.Add((rule, target));
            }
        }

        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (rule, target) in rules)
        {
            var (rawId, error) = CheckShape(owner, rule, target);
            if (error is not null)
            {
                return (null, error);
            }

            targets[rule] = rawId!;
        }

        var delay = request.Unanswered?.AfterSeconds ?? (int)ForwardingSettings.None.UnansweredAfter.TotalSeconds;
        if (delay is < MinDelaySeconds or > MaxDelaySeconds)
        {
            return (null, AcsErrors.ForwardingDelayOutOfRange(delay, MinDelaySeconds, MaxDelaySeconds));
        }

        foreach (var (rule, rawId) in targets)
        {
            if (await CheckExistsAsync(rule, rawId, cancellationToken) is { } error)
            {
                return (null, error);
            }
        }

        return (new ForwardingSettings(targets.GetValueOrDefault("immediate"), targets.GetValueOrDefault("unanswered"), TimeSpan.FromSeconds(delay), targets.GetValueOrDefault("busy")), null);
    }

    /// <summary>The one spelling of a raw id that settings are stored and compared under; null when it is neither kind.</summary>
    public static string? Canonical(string rawId)
    {
        var trimmed = rawId.Trim();
        if (trimmed.StartsWith(TeamsPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Guid.TryParse(trimmed[TeamsPrefix.Length..], out var oid) ? CommunicationIdentifier.ForTeamsUser(oid) : null;
        }

        return CommunicationIdentifier.TryParseUser(trimmed, out var resourceId, out var localId) ? CommunicationIdentifier.ForUser(resourceId, localId) : null;
    }

    private static (string? RawId, AcsError? Error) CheckShape(string owner, string rule, ForwardTargetRequest target)
    {
        if (string.IsNullOrWhiteSpace(target.RawId))
        {
            return (null, AcsErrors.ForwardingTargetRequired(rule));
        }

        if (Canonical(target.RawId) is not { } rawId)
        {
            return (null, AcsErrors.ForwardingTargetUnsupported(rule, target.RawId));
        }

        return rawId == owner ? (null, AcsErrors.ForwardingToSelf(rule)) : (rawId, null);
    }

    private async Task<AcsError?> CheckExistsAsync(string rule, string rawId, CancellationToken cancellationToken)
    {
        if (!rawId.StartsWith(TeamsPrefix, StringComparison.Ordinal))
        {
            return await acs.ExistsAsync(rawId, cancellationToken) ? null : AcsErrors.ForwardingTargetNotFound(rule, rawId);
        }

        await using var scope = scopes.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<IDirectory>().GetUserAsync(Guid.Parse(rawId[TeamsPrefix.Length..]), cancellationToken);
        if (user is null)
        {
            return AcsErrors.ForwardingTargetNotFound(rule, rawId);
        }

        return user.AccountEnabled && user.TeamsEnabled ? null : AcsErrors.ForwardingTargetCannotCall(rule, rawId);
    }
}
