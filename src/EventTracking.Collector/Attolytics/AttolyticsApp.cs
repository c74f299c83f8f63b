using System.Security.Cryptography;

namespace EventTracking.Collector;

/// <summary>An app allowed to send events: its secret key (kept only as a SHA-256 hash), its origin, its tables.</summary>
internal sealed class AttolyticsApp
{
    private readonly byte[] _secretKeyHash;

    public AttolyticsApp(string id, string secretKey, string? allowedOrigin, IReadOnlyDictionary<string, AttolyticsTable> tables)
    {
        Id = id;
        _secretKeyHash = ApiKeys.Hash(secretKey);
        AllowedOrigin = allowedOrigin;
        Tables = tables;
    }

    /// <summary>The app id, as in <c>/apps/{app_id}/events</c>.</summary>
    public string Id { get; }

    /// <summary>The one origin browsers may send from; <see langword="null"/> for any (<c>*</c>).</summary>
    public string? AllowedOrigin { get; }

    /// <summary>The tables this app may write, by name.</summary>
    public IReadOnlyDictionary<string, AttolyticsTable> Tables { get; }

    /// <summary>Whether a browser page from <paramref name="origin"/> may send events for this app.</summary>
    public bool AllowsOrigin(string origin) =>
        AllowedOrigin is null || string.Equals(AllowedOrigin, origin, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Compares the presented key with the app's in constant time: both are hashed first, so neither the length nor a
    /// matching prefix of the key shows in the time taken.
    /// </summary>
    public bool HasSecretKey(string presented) => CryptographicOperations.FixedTimeEquals(ApiKeys.Hash(presented), _secretKeyHash);
}
