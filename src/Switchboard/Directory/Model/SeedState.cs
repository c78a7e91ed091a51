namespace Switchboard.Directory.Model;

/// <summary>The fingerprint of the last seed applied, so a restart with the same seed skips re-applying it.</summary>
internal sealed class SeedState
{
    public int Id { get; set; }

    /// <summary>SHA-256 of the seed without its passwords and secrets.</summary>
    public required string Fingerprint { get; set; }

    /// <summary>The seed's passwords and secrets under the slow password hash: a fast hash of them would let anyone with the database guess them quickly.</summary>
    public required string SecretsHash { get; set; }

    public DateTimeOffset AppliedAt { get; set; }
}
