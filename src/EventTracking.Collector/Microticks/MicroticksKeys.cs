using System.Security.Cryptography;

namespace EventTracking.Collector;

/// <summary>
/// Makes and checks the secrets of the Microticks surface: consumer keys, session tokens and the read key. Only their
/// SHA-256 hashes (<see cref="ApiKeys.Hash"/>, as for the collector's keys) are kept, and hashes are compared in
/// constant time.
/// </summary>
internal static class MicroticksKeys
{
    private const int SecretBytes = 16;

    /// <summary>A new secret: 32 lowercase hex digits from the cryptographic random source.</summary>
    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>Whether <paramref name="presented"/> hashes to <paramref name="expectedHash"/>, in time independent of where they differ.</summary>
    public static bool Matches(string presented, ReadOnlySpan<byte> expectedHash) =>
        CryptographicOperations.FixedTimeEquals(ApiKeys.Hash(presented), expectedHash);
}
