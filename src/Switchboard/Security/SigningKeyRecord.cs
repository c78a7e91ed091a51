namespace Switchboard.Security;

/// <summary>An RSA signing key. Published from <see cref="CreatedAt"/>, signs from <see cref="ActivatesAt"/>.</summary>
internal sealed class SigningKeyRecord
{
    public required string Kid { get; set; }

    /// <summary>Self-signed certificate (DER) carrying the public key, published as <c>x5c</c>.</summary>
    public required byte[] Certificate { get; set; }

    /// <summary>PKCS#8 private key. The database is the data folder's and as private as the TLS key beside it.</summary>
    public required byte[] PrivateKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ActivatesAt { get; set; }
}
