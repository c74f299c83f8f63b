using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EventTracking;

/// <summary>
/// The keyed hash <see cref="Redactor"/> writes in place of a value it is told to hash, and that erasure matches:
/// HMAC-SHA256 of the value's text under a secret, as 64 lowercase hexadecimal characters.
/// </summary>
/// <remarks>
/// The same value and secret always give the same hash, so a hashed user id stays joinable across events and stores;
/// without the secret the hash cannot be recomputed from a guessed id, unlike a plain SHA-256 of a small id space.
/// A value's text is its invariant form: a string as it is, <c>10938</c> for the number 10938, <c>true</c>/<c>false</c>
/// for booleans, the canonical JSON of a dictionary or list; so the number 10938 and the string "10938" hash alike.
/// </remarks>
public static class KeyedHash
{
    /// <summary>The fewest bytes a secret may have (UTF-8).</summary>
    public const int MinimumSecretBytes = 16;

    /// <summary>Hashes <paramref name="value"/>'s text under <paramref name="secret"/>.</summary>
    /// <param name="secret">The secret, at least <see cref="MinimumSecretBytes"/> bytes in UTF-8.</param>
    /// <param name="value">A string, number, boolean or any normalized event value.</param>
    /// <returns>64 lowercase hexadecimal characters.</returns>
    /// <exception cref="ArgumentException">The secret is shorter than <see cref="MinimumSecretBytes"/> bytes.</exception>
    public static string Compute(string secret, object? value) => Compute(SecretBytes(secret, nameof(secret)), value);

    internal static string Compute(byte[] key, object? value)
    {
        var text = TextOf(value);
        var maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        var rented = maxBytes <= 256 ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(maxBytes);
        Span<byte> buffer = rented ?? stackalloc byte[256];
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(key, buffer[..length], hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The secret's UTF-8 bytes, checked for length. The message never contains the secret.</summary>
    internal static byte[] SecretBytes(string? secret, string name)
    {
        if (string.IsNullOrEmpty(secret))
        {
            throw new ArgumentException($"{name} is required for keyed hashing and is empty.", name);
        }

        var bytes = Encoding.UTF8.GetBytes(secret);
        if (bytes.Length < MinimumSecretBytes)
        {
            throw new ArgumentException(
                $"{name} is {bytes.Length} bytes long; a keyed-hash secret needs at least {MinimumSecretBytes} bytes (32 random bytes, base64-encoded, are recommended).",
                name);
        }

        return bytes;
    }

    /// <summary>The invariant text of a normalized value, as hashed.</summary>
    internal static string TextOf(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        IReadOnlyDictionary<string, object?> or IReadOnlyList<object?> => Json(value),
        DateTimeOffset dto => EventJson.FormatTimestamp(dto),
        _ => EventJson.FormatScalar(value),
    };

    private static string Json(object value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, EventJson.WriterOptions))
        {
            EventJson.WriteValue(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
