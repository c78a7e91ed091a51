namespace Switchboard.Web.Samples;

/// <summary><c>Samples:Contoso</c>: how Switchboard runs the Contoso sample's back end (docs/web.md).</summary>
internal sealed record ContosoSampleOptions
{
    public const string Section = "Samples:Contoso";

    public bool Enabled { get; init; } = true;

    public string NodePath { get; init; } = "node";

    /// <summary>Contoso's ACS connection string; by default the seed's <see cref="ResourceName"/> resource at this server's origin.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The seed's communication resource whose key the sample uses when no connection string is set.</summary>
    public string ResourceName { get; init; } = "contoso-acs";

    public string ClientId { get; init; } = "c0de0001-0000-4000-8000-000000000001";

    /// <summary>The back end's loopback port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>How long to wait before restarting a back end that exited.</summary>
    public TimeSpan RestartDelay { get; init; } = TimeSpan.FromSeconds(2);
}
