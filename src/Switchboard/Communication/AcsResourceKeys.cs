using Switchboard.Communication.Auth;

namespace Switchboard.Communication;

internal sealed class AcsResourceKeys(ResourceCache resources) : IAcsResourceKeys
{
    public async Task<string?> FindPrimaryKeyAsync(string resourceName, CancellationToken cancellationToken)
        => (await resources.GetAsync(cancellationToken)).FirstOrDefault(r => string.Equals(r.Name, resourceName, StringComparison.OrdinalIgnoreCase))?.PrimaryKey;
}
