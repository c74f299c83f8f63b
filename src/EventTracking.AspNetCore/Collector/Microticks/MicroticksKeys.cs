using System.Security.Cryptography;
using System.Text;

namespace EventTracking.AspNetCore;

/// <summary>
/// Makes and checks the secrets of the Microticks surface: consumer keys, session tokens and the read key. Only their
/// SHA-256 hashes are kept, and hashes are compared in constant time.
/// </summary>
/// <remarks>
/// Until the collector's shared key helper is available on this branch, this small class holds the same two
/// operations (hash, fixed-time comparison) for the Microticks surface alone.
/// </remarks>
internal static class MicroticksKeys
{
    private const int SecretBytes = 16;

    /// <summary>A new secret: 32 lowercase hex digits from the cryptographic random source.</summary>
    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SecretBytes));

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>Whether <paramref name="presented"/> hashes to <paramref name="expectedHash"/>, in time independent of where they differ.</summary>
    public static bool Matches(string presented, ReadOnlySpan<byte> expectedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(presented), expectedHash);
}
