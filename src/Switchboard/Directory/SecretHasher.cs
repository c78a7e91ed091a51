using System.Security.Cryptography;
using System.Text;

namespace Switchboard.Directory;

/// <summary>
/// Salted SHA-256 for high-entropy secrets (client secrets, codes, refresh tokens). A slow hash would
/// only cap the token endpoint's throughput: these values are random, not chosen by people.
/// </summary>
internal static class SecretHasher
{
    public static string Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return Convert.ToBase64String(salt) + "$" + Convert.ToBase64String(Digest(salt, secret));
    }

    public static bool Verify(string secret, string stored)
    {
        var separator = stored.IndexOf('$', StringComparison.Ordinal);
        if (separator <= 0)
        {
            return false;
        }

        var salt = Convert.FromBase64String(stored[..separator]);
        var expected = Convert.FromBase64String(stored[(separator + 1)..]);
        return CryptographicOperations.FixedTimeEquals(Digest(salt, secret), expected);
    }

    /// <summary>Unsalted lookup key for a random handle (a code or refresh token): the handle is the secret.</summary>
    public static string LookupKey(string handle)
        => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(handle)));

    private static byte[] Digest(byte[] salt, string secret)
    {
        var input = Encoding.UTF8.GetBytes(secret);
        var buffer = new byte[salt.Length + input.Length];
        salt.CopyTo(buffer, 0);
        input.CopyTo(buffer, salt.Length);
        return SHA256.HashData(buffer);
    }
}
