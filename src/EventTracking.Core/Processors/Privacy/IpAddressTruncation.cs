using System.Net;
using System.Net.Sockets;

namespace EventTracking;

/// <summary>
/// Cuts a client address down to its network prefix (by default the /24 of an IPv4 address, the /48 of an IPv6 one),
/// so it still shows where traffic comes from without identifying one device.
/// </summary>
public static class IpAddressTruncation
{
    /// <summary>The default prefix kept of an IPv4 address.</summary>
    public const int DefaultIPv4PrefixLength = 24;

    /// <summary>The default prefix kept of an IPv6 address.</summary>
    public const int DefaultIPv6PrefixLength = 48;

    /// <summary>Zeroes every bit of <paramref name="address"/> after its prefix; an IPv4-mapped IPv6 address is treated as IPv4.</summary>
    /// <param name="address">The address.</param>
    /// <param name="ipv4PrefixLength">Bits kept of an IPv4 address, 0 to 32.</param>
    /// <param name="ipv6PrefixLength">Bits kept of an IPv6 address, 0 to 128.</param>
    /// <returns>The truncated address, such as <c>203.0.113.0</c> or <c>2001:db8:85a3::</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A prefix length is outside its range.</exception>
    public static IPAddress Truncate(
        IPAddress address,
        int ipv4PrefixLength = DefaultIPv4PrefixLength,
        int ipv6PrefixLength = DefaultIPv6PrefixLength)
    {
        ArgumentNullException.ThrowIfNull(address);
        ValidatePrefixLengths(ipv4PrefixLength, ipv6PrefixLength);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        var keep = address.AddressFamily == AddressFamily.InterNetwork ? ipv4PrefixLength : ipv6PrefixLength;
        for (var i = 0; i < bytes.Length; i++)
        {
            var bitsHere = Math.Clamp(keep - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bitsHere));
        }

        return new IPAddress(bytes);
    }

    /// <summary>
    /// Truncates every address in <paramref name="text"/>: one address, or a comma-separated list such as an
    /// <c>X-Forwarded-For</c> header.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="ipv4PrefixLength">Bits kept of an IPv4 address, 0 to 32.</param>
    /// <param name="ipv6PrefixLength">Bits kept of an IPv6 address, 0 to 128.</param>
    /// <returns>The truncated text, or <see langword="null"/> when some part is not an IP address (so nothing unreadable
    /// passes through unredacted).</returns>
    public static string? TruncateText(string text, int ipv4PrefixLength = DefaultIPv4PrefixLength, int ipv6PrefixLength = DefaultIPv6PrefixLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            if (!IPAddress.TryParse(parts[i], out var address))
            {
                return null;
            }

            parts[i] = Truncate(address, ipv4PrefixLength, ipv6PrefixLength).ToString();
        }

        return string.Join(", ", parts);
    }

    internal static void ValidatePrefixLengths(int ipv4PrefixLength, int ipv6PrefixLength)
    {
        if (ipv4PrefixLength is < 0 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(ipv4PrefixLength), ipv4PrefixLength, "An IPv4 prefix length must be 0 to 32.");
        }

        if (ipv6PrefixLength is < 0 or > 128)
        {
            throw new ArgumentOutOfRangeException(nameof(ipv6PrefixLength), ipv6PrefixLength, "An IPv6 prefix length must be 0 to 128.");
        }
    }
}
