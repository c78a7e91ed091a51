using Microsoft.Extensions.Options;
using Switchboard.Calling.Forwarding;

namespace Switchboard.Calling.Calls;

/// <summary>
/// Forwarding settings from <c>Calling:Forwarding</c> (a list of <c>{ User, Immediate, Unanswered,
/// UnansweredAfter, Busy }</c> raw ids). The default <see cref="IForwardingRules"/> until a store with
/// users' own settings is registered in its place.
/// </summary>
internal sealed class ConfiguredForwardingRules(IOptionsMonitor<CallingOptions> options) : IForwardingRules
{
    public Task<ForwardingSettings> GetAsync(string rawId, CancellationToken cancellationToken)
    {
        var rule = options.CurrentValue.Forwarding?.FirstOrDefault(r => string.Equals(r.User, rawId, StringComparison.OrdinalIgnoreCase));
        return Task.FromResult(rule is null
            ? ForwardingSettings.None
            : new ForwardingSettings(Blank(rule.Immediate), Blank(rule.Unanswered), rule.UnansweredAfter, Blank(rule.Busy)));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
