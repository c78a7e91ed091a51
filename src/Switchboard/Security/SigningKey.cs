using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;

namespace Switchboard.Security;

/// <summary>A loaded signing key: the RSA key for signing and the certificate for the JWKS.</summary>
internal sealed class SigningKey
{
    public SigningKey(SigningKeyRecord record)
    {
        Kid = record.Kid;
        ActivatesAt = record.ActivatesAt;
        Certificate = X509CertificateLoader.LoadCertificate(record.Certificate);
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(record.PrivateKey, out _);
        SecurityKey = new RsaSecurityKey(rsa) { KeyId = Kid };
        Credentials = new SigningCredentials(SecurityKey, SecurityAlgorithms.RsaSha256);

        // The certificate-backed key makes the handler add x5t to the header (v1 tokens carry kid and x5t).
        var withKey = Certificate.CopyWithPrivateKey(rsa);
        CertificateCredentials = new SigningCredentials(new X509SecurityKey(withKey, Kid), SecurityAlgorithms.RsaSha256);
        var parameters = rsa.ExportParameters(false);
        Modulus = Base64UrlEncoder.Encode(parameters.Modulus);
        Exponent = Base64UrlEncoder.Encode(parameters.Exponent);
    }

    public string Kid { get; }

    public DateTimeOffset ActivatesAt { get; }

    public X509Certificate2 Certificate { get; }

    public RsaSecurityKey SecurityKey { get; }

    public SigningCredentials Credentials { get; }

    public SigningCredentials CertificateCredentials { get; }

    public string Modulus { get; }

    public string Exponent { get; }

    public static SigningKeyRecord Create(string purpose, DateTimeOffset now, DateTimeOffset activatesAt, TimeSpan validity)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN=Switchboard {purpose} token signing", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), activatesAt + validity);
        var der = certificate.Export(X509ContentType.Cert);
        return new SigningKeyRecord
        {
            // As in Entra, kid equals x5t: the base64url SHA-1 thumbprint of the certificate.
#pragma warning disable CA5350 // x5t is defined as the SHA-1 thumbprint (RFC 7515 §4.1.7); it identifies, it does not protect.
            Kid = Base64UrlEncoder.Encode(SHA1.HashData(der)),
#pragma warning restore CA5350
            Certificate = der,
            PrivateKey = rsa.ExportPkcs8PrivateKey(),
            CreatedAt = now,
            ActivatesAt = activatesAt,
        };
    }
}
