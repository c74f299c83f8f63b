using System.Globalization;
using EventTracking.Reading;
using Microsoft.AspNetCore.Http;

namespace EventTracking.Dashboard;

/// <summary>Reads the filter of a dashboard URL: <c>name</c>, <c>prefix</c>, <c>from</c>, <c>to</c> and any number of <c>ctx=key=value</c>.</summary>
internal static class DashboardFilterParser
{
    public static bool TryParse(IQueryCollection query, out EventFilter filter, out string? error)
    {
        filter = EventFilter.All;
        error = null;
        if (!TryTime(query, "from", out var from, ref error) || !TryTime(query, "to", out var to, ref error))
        {
            return false;
        }

        Dictionary<string, string>? context = null;
        foreach (var pair in query["ctx"])
        {
            if (string.IsNullOrWhiteSpace(pair))
            {
                continue;
            }

            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                error = $"ctx '{pair}' is not key=value.";
                return false;
            }

            context ??= new Dictionary<string, string>(StringComparer.Ordinal);
            context[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
        }

        if (from > to)
        {
            error = $"from '{Text(query, "from")}' is after to '{Text(query, "to")}'.";
            return false;
        }

        filter = new EventFilter { Name = Text(query, "name"), NamePrefix = Text(query, "prefix"), From = from, To = to, Context = context };
        try
        {
            filter.Validate();
            return true;
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    public static string? Text(IQueryCollection query, string key) =>
        query[key].ToString() is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>The query string that reproduces a filter, for links (each value URL-encoded).</summary>
    public static string ToQuery(EventFilter filter)
    {
        var parts = new List<string>();
        Add(parts, "name", filter.Name);
        Add(parts, "prefix", filter.NamePrefix);
        Add(parts, "from", filter.From?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        Add(parts, "to", filter.To?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        foreach (var (key, value) in filter.Context ?? new Dictionary<string, string>())
        {
            Add(parts, "ctx", key + "=" + value);
        }

        return string.Join("&", parts);
    }

    private static void Add(List<string> parts, string key, string? value)
    {
        if (value is not null)
        {
            parts.Add(key + "=" + Uri.EscapeDataString(value));
        }
    }

    private static bool TryTime(IQueryCollection query, string key, out DateTimeOffset? value, ref string? error)
    {
        value = null;
        if (Text(query, key) is not { } text)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        error = $"{key} '{text}' is not a date and time (use ISO 8601, e.g. 2026-11-30T10:00Z).";
        return false;
    }
}
