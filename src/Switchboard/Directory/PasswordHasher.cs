using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Switchboard.Directory;

/// <summary>
/// PBKDF2-HMAC-SHA512 with 210,000 iterations and a 16-byte salt: OWASP's recommendation for
/// PBKDF2-SHA512 (Password Storage Cheat Sheet, 2023). The iteration count is stored in each hash,
/// so it can be raised later without invalidating existing passwords.
/// </summary>
internal static class PasswordHasher
{
    public const int DefaultIterations = 210_000;
    private const string Prefix = "pbkdf2-sha512";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // Verifying against this when a user is unknown keeps the response time of "no such user" and
    // "wrong password" alike, so sign-in cannot be used to probe which accounts exist.
    private static readonly Lazy<string> Decoy = new(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(12))));

    public static string Hash(string password, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Prefix || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations))
        {
            return false;
        }

        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Spends the same time as a real verification and fails.</summary>
    public static bool VerifyAgainstDecoy(string password)
    {
        Verify(password, Decoy.Value);
        return false;
    }
}
