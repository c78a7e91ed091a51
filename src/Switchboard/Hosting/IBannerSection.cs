namespace Switchboard.Hosting;

/// <summary>A service's lines in the start-up banner (e.g. connection strings).</summary>
internal interface IBannerSection
{
    Task<IReadOnlyList<string>> DescribeAsync(IServiceProvider services, string origin, bool demo, CancellationToken cancellationToken);
}
