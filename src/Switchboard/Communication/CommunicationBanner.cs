using Microsoft.EntityFrameworkCore;
using Switchboard.Communication.Storage;
using Switchboard.Hosting;

namespace Switchboard.Communication;

/// <summary>Prints each resource's connection string: keys of the demo directory only (a custom seed's keys stay off the console).</summary>
internal sealed class CommunicationBanner : IBannerSection
{
    public async Task<IReadOnlyList<string>> DescribeAsync(IServiceProvider services, string origin, bool demo, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CommunicationDb>();
        var resources = await db.Resources.AsNoTracking().OrderBy(r => r.Name).ToListAsync(cancellationToken);
        return resources.Select(r => demo
            ? $"  Communication resource {r.Name} ({r.Id}): endpoint={origin}/;accesskey={r.PrimaryKey}"
            : $"  Communication resource {r.Name} ({r.Id}): endpoint={origin}/;accesskey=<the key from your seed or data folder>").ToList();
    }
}
