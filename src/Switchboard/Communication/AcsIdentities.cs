using Microsoft.EntityFrameworkCore;
using Switchboard.Communication.Storage;

namespace Switchboard.Communication;

internal sealed class AcsIdentities(IServiceScopeFactory scopes) : IAcsIdentities
{
    public async Task<bool> ExistsAsync(string rawId, CancellationToken cancellationToken)
    {
        if (!CommunicationIdentifier.TryParseUser(rawId, out var resourceId, out var localId))
        {
            return false;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommunicationDb>();
        return await db.Users.AsNoTracking().AnyAsync(u => u.ResourceId == resourceId && u.LocalId == localId, cancellationToken);
    }
}
