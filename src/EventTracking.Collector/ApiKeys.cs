using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace EventTracking.Collector;

/// <summary>Checks presented API keys against the configured ones, by hash and in constant time.</summary>
/// <remarks>
/// Hashing first gives every comparison the same length, so <see cref="CryptographicOperations.FixedTimeEquals"/>
/// reveals nothing about a key's length or prefix; every configured key is compared, so timing does not reveal which
/// one matched either.
/// </remarks>
internal sealed class ApiKeys
{
    private readonly ApiKey[] _keys;

    public ApiKeys(IOptions<EventCollectorOptions> options)
    {
        _keys = [.. options.Value.HashedKeys];
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Finds the name of the key presented, or <see langword="null"/> when it matches none.</summary>
    public string? Find(string presented)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(presented);
        SHA256.HashData(bytes, hash);
        CryptographicOperations.ZeroMemory(bytes);
        string? found = null;
        foreach (var key in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.Hash))
            {
                found ??= key.Name;
            }
        }

        return found;
    }
}
