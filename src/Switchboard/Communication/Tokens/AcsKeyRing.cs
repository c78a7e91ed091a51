using Microsoft.Extensions.Options;
using Switchboard.Communication.Storage;
using Switchboard.Security;

namespace Switchboard.Communication.Tokens;

/// <summary>The key set that signs ACS access tokens, separate from the sign-in service's, published at <c>/communication/discovery/keys</c>.</summary>
internal sealed class AcsKeyRing(IServiceScopeFactory scopes, TimeProvider time, IOptions<CommunicationOptions> options)
    : KeyRing<CommunicationDb>(scopes, time)
{
    /// <summary>The longest ACS token: 1440 minutes.</summary>
    public static readonly TimeSpan LongestToken = TimeSpan.FromMinutes(1440);

    protected override KeyRotationPolicy Policy => new("ACS", options.Value.KeyRotationInterval, options.Value.KeyPublishLead, LongestToken, options.Value.ClockSkew);
}
