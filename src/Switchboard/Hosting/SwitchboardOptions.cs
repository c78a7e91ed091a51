namespace Switchboard.Hosting;

/// <summary>Host-level settings: where data lives and which seed to apply.</summary>
internal sealed record SwitchboardOptions
{
    public const string Section = "Switchboard";

    /// <summary>Storage, signing keys and certificates. <c>--data DIR</c>.</summary>
    public string DataDirectory { get; init; } = ".switchboard";

    /// <summary>A seed file applied at start; absent means the built-in demo directory. <c>--seed FILE</c>.</summary>
    public string? Seed { get; init; }

    /// <summary>
    /// Origin used in issuers and endpoint URLs. Empty: taken from each request (scheme + host),
    /// which is what a developer reaching the server as localhost or 127.0.0.1 expects.
    /// </summary>
    public string? PublicOrigin { get; init; }

    /// <summary>Extra DNS names for the generated TLS certificate (localhost, 127.0.0.1 and ::1 are always there).</summary>
    public IReadOnlyList<string> CertificateNames { get; init; } = [];

    public string DataPath(params string[] parts) => Path.Combine([Path.GetFullPath(DataDirectory), .. parts]);
}
