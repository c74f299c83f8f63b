using System.Globalization;
using StackExchange.Redis;

namespace EventTracking;

/// <summary>Reads the configured connection string: a StackExchange.Redis configuration string or a <c>redis://</c> URI.</summary>
internal static class RedisConnections
{
    /// <summary>Parses <paramref name="connectionString"/>; the client keeps reconnecting in the background when a server goes away.</summary>
    /// <exception cref="ArgumentException">The string cannot be read; the message names <paramref name="optionName"/> and why, never the string (it may hold a password).</exception>
    public static ConfigurationOptions Parse(string connectionString, string optionName)
    {
        ConfigurationOptions options;
        try
        {
            options = connectionString.StartsWith("redis://", StringComparison.OrdinalIgnoreCase)
                || connectionString.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase)
                ? FromUri(connectionString)
                : ConfigurationOptions.Parse(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or RedisConnectionException)
        {
            var reason = ex is ArgumentException { ParamName: { } param } ? ex.Message.Replace($" (Parameter '{param}')", string.Empty, StringComparison.Ordinal) : ex.Message;
            throw new ArgumentException($"{optionName} is not a valid Redis connection string: {reason}", optionName[(optionName.LastIndexOf('.') + 1)..], ex);
        }

        options.AbortOnConnectFail = false;
        return options;
    }

    private static ConfigurationOptions FromUri(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            // The text is not echoed: it may hold a password.
            throw new FormatException("a redis:// URI needs a host, and a port from 1 to 65535 when it names one.");
        }

        var options = new ConfigurationOptions { Ssl = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase) };
        options.EndPoints.Add(uri.Host, uri.IsDefaultPort || uri.Port <= 0 ? 6379 : uri.Port);
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            if (parts.Length == 2)
            {
                options.User = parts[0].Length > 0 ? Uri.UnescapeDataString(parts[0]) : null;
                options.Password = Uri.UnescapeDataString(parts[1]);
            }
            else
            {
                options.Password = Uri.UnescapeDataString(parts[0]);
            }
        }

        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            options.DefaultDatabase = int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var database)
                ? database
                : throw new FormatException($"the URI names database '{path}'; a Redis database is a number.");
        }

        return options;
    }
}
