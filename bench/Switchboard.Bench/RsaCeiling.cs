using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Switchboard.Bench;

/// <summary>
/// The ceiling for the token endpoint: RSA-2048 RS256 (PKCS#1 v1.5, SHA-256) signatures per second
/// on every core of this machine, signing input the size of a real token. No grant can be faster
/// than its signatures, so grants/s ÷ (signs/s ÷ signatures per grant) says how close the server gets.
/// </summary>
internal static class RsaCeiling
{
    private static readonly byte[] Key = CreateKey();

    /// <summary>A JWT's signing input (base64url header "." base64url payload) of a typical access token's size.</summary>
    private static readonly byte[] SigningInput = Encoding.ASCII.GetBytes(
        Base64UrlEncoder.Encode("""{"alg":"RS256","kid":"Bvyo-mp2vtnn2cBycaXaPksG6Q","x5t":"Bvyo-mp2vtnn2cBycaXaPksG6Q","typ":"JWT"}""")
        + "."
        + Base64UrlEncoder.Encode(new string('x', 900)));

    /// <summary>The ceiling proper: one key per thread, all cores signing.</summary>
    public static BaselineResult Measure(int threads, TimeSpan warmup, TimeSpan duration, string label)
        => InProcessRate.Measure($"RSA-2048 RS256 sign, {threads} thread(s), {label}", threads, () =>
        {
            var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(Key, out _);
            var signature = new byte[256];
            return () => rsa.TrySignData(SigningInput, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, out _);
        }, warmup, duration);

    /// <summary>One RSA object shared by all threads, as the server shares its one signing key.</summary>
    public static BaselineResult MeasureSharedKey(int threads, TimeSpan warmup, TimeSpan duration)
    {
        var shared = RSA.Create();
        shared.ImportPkcs8PrivateKey(Key, out _);
        return InProcessRate.Measure($"RSA-2048 RS256 sign, {threads} thread(s), one shared key", threads, () =>
        {
            var signature = new byte[256];
            return () => shared.TrySignData(SigningInput, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, out _);
        }, warmup, duration);
    }

    /// <summary>
    /// Whole JWTs minted the way the server mints them (JsonWebTokenHandler, RsaSecurityKey, a claim
    /// dictionary shaped like a v1 access token): signing plus claim serialization, still in-process.
    /// </summary>
    public static BaselineResult MeasureJwtMint(int threads, TimeSpan warmup, TimeSpan duration)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Key, out _);
        var credentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = "bench" }, SecurityAlgorithms.RsaSha256);
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return InProcessRate.Measure($"JWT mint (JsonWebTokenHandler), {threads} thread(s)", threads, () => () =>
        {
            var now = DateTime.UtcNow;
            handler.CreateToken(new SecurityTokenDescriptor
            {
                Claims = new Dictionary<string, object>
                {
                    ["aud"] = "https://auth.msft.communication.azure.com",
                    ["iss"] = "https://127.0.0.1:5443/b0b0b0b0-0000-4000-8000-000000000001/",
                    ["aio"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)),
                    ["name"] = "Ada Bench",
                    ["oid"] = "b0b0b0b0-0000-4000-8000-000000000101",
                    ["rh"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)),
                    ["scp"] = "Teams.ManageCalls Teams.ManageChats",
                    ["sub"] = "tfyYc4zJ9k0Zb3X4sYk7w2mZ1p0eJ8gYx6Vh5dQq3aA",
                    ["tid"] = "b0b0b0b0-0000-4000-8000-000000000001",
                    ["uti"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)),
                    ["ver"] = "1.0",
                    ["acr"] = "1",
                    ["amr"] = new[] { "pwd" },
                    ["appid"] = "b0b0b0b0-0000-4000-8000-00000000a001",
                    ["appidacr"] = "0",
                    ["unique_name"] = "ada@bench.test",
                    ["upn"] = "ada@bench.test",
                    ["given_name"] = "Ada",
                    ["family_name"] = "Bench",
                    ["ipaddr"] = "127.0.0.1",
                },
                IssuedAt = now,
                NotBefore = now,
                Expires = now.AddHours(1),
                SigningCredentials = credentials,
                TokenType = "JWT",
            });
        }, warmup, duration);
    }

    /// <summary>
    /// RSA-2048 key generation (as the server makes its CA, TLS and signing keys on a first start):
    /// a random prime search, so single runs vary; one thread, as the server makes them one by one.
    /// </summary>
    public static BaselineResult MeasureKeyGeneration(TimeSpan duration)
        => InProcessRate.Measure("RSA-2048 key generation, 1 thread", 1, () => () =>
        {
            using var rsa = RSA.Create(2048);
            _ = rsa.ExportParameters(includePrivateParameters: false);
        }, TimeSpan.FromSeconds(0.3), duration);

    private static byte[] CreateKey()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKey();
    }
}
