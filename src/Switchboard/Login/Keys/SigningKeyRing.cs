using Microsoft.Extensions.Options;
using Switchboard.Login.Storage;
using Switchboard.Security;

namespace Switchboard.Login.Keys;

/// <summary>The sign-in service's keys (Entra tokens), in its own table.</summary>
internal sealed class SigningKeyRing(IServiceScopeFactory scopes, TimeProvider time, IOptions<LoginOptions> options)
    : KeyRing<LoginDb>(scopes, time)
{
    protected override KeyRotationPolicy Policy => new(
        "Entra",
        options.Value.KeyRotationInterval,
        options.Value.KeyPublishLead,
        options.Value.AccessTokenLifetimeMax > options.Value.IdTokenLifetime ? options.Value.AccessTokenLifetimeMax : options.Value.IdTokenLifetime,
        options.Value.ClockSkew);
}
