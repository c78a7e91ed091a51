namespace Switchboard.Communication;

/// <summary>What other services may ask about ACS identities without reading the identity service's tables.</summary>
internal interface IAcsIdentities
{
    /// <summary>Whether <c>8:acs:{resource}_{local}</c> names an identity that exists (created and not deleted).</summary>
    Task<bool> ExistsAsync(string rawId, CancellationToken cancellationToken);
}
