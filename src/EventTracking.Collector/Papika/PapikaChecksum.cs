using System.Security.Cryptography;
using System.Text;

namespace EventTracking.Collector;

/// <summary>
/// Papika's request checksum: hex SHA-256 of the <c>data</c> text (UTF-8) followed by the session key. The Python
/// reference client appends the key's 32 bytes (<c>bytes.fromhex(session_key)</c>); appending the key's 64 hex
/// characters is accepted too. Compared in constant time.
/// </summary>
internal static class PapikaChecksum
{
    public static bool Matches(string data, string sessionKeyHex, string? checksum)
    {
        if (string.IsNullOrEmpty(checksum) || checksum.Length != 64)
        {
            return false;
        }

        var sent = Encoding.ASCII.GetBytes(checksum.ToLowerInvariant());
        var dataBytes = Encoding.UTF8.GetBytes(data);
        var withKeyBytes = Hex(Concat(dataBytes, Convert.FromHexString(sessionKeyHex)));
        var withKeyText = Hex(Concat(dataBytes, Encoding.ASCII.GetBytes(sessionKeyHex)));

        // Both comparisons always run, so the time taken does not say which form was close.
        var matchesBytes = CryptographicOperations.FixedTimeEquals(sent, withKeyBytes);
        var matchesText = CryptographicOperations.FixedTimeEquals(sent, withKeyText);
        return matchesBytes | matchesText;
    }

    /// <summary>The checksum the Python reference client computes, for tests and tools.</summary>
    public static string Compute(string data, string sessionKeyHex) =>
        Encoding.ASCII.GetString(Hex(Concat(Encoding.UTF8.GetBytes(data), Convert.FromHexString(sessionKeyHex))));

    private static byte[] Concat(byte[] first, byte[] second) => [.. first, .. second];

    private static byte[] Hex(byte[] message) => Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(message)));
}
