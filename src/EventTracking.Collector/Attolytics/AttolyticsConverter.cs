using System.Text.Json;

namespace EventTracking.Collector;

/// <summary>
/// Converts one JSON value to a column's type, leniently as Attolytics did: a value of the wrong type, or none at all,
/// becomes null in a column that is not required and a failure in one that is. A timestamp string that is not RFC 3339,
/// or Unix seconds outside the years 1 to 9999, fail whether the column is required or not.
/// </summary>
internal static class AttolyticsConverter
{
    private static readonly decimal MinUnixSeconds = (decimal)(DateTimeOffset.MinValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerSecond;
    private static readonly decimal MaxUnixSeconds = (decimal)(DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks + 1) / TimeSpan.TicksPerSecond;

    /// <summary>Converts <paramref name="value"/> (absent: <see langword="null"/>).</summary>
    /// <param name="column">The column.</param>
    /// <param name="value">The event's value for it, if it has one.</param>
    /// <param name="converted">The value to store; <see langword="null"/> for NULL.</param>
    /// <returns>Why the value cannot be stored, or <see langword="null"/> when it can.</returns>
    public static string? TryConvert(AttolyticsColumn column, JsonElement? value, out object? converted)
    {
        converted = null;
        if (value is { } json)
        {
            if (column.Type == AttolyticsColumnType.Timestamp && Timestamp(json, out converted) is { } failure)
            {
                return $"column '{column.Name}': {failure}";
            }

            if (column.Type != AttolyticsColumnType.Timestamp)
            {
                converted = Convert(column.Type, json);
            }
        }

        return converted is null && column.Required
            ? value is null
                ? $"required column '{column.Name}' is missing"
                : $"required column '{column.Name}' holds {Describe(value.Value)}, not {Expected(column.Type)}"
            : null;
    }

    /// <summary>A header column's value: the header's first value, or null when the request has none.</summary>
    public static string? TryConvertHeader(AttolyticsColumn column, string? headerValue) =>
        headerValue is null && column.Required ? $"required column '{column.Name}' reads header '{column.Header}', which the request lacks" : null;

    private static object? Convert(AttolyticsColumnType type, JsonElement json) => type switch
    {
        AttolyticsColumnType.Bool => json.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null },
        AttolyticsColumnType.I32 => json.ValueKind == JsonValueKind.Number && json.TryGetInt32(out var i) ? i : null,
        AttolyticsColumnType.I64 => json.ValueKind == JsonValueKind.Number && json.TryGetInt64(out var l) ? l : null,
        AttolyticsColumnType.F32 => json.ValueKind == JsonValueKind.Number && json.TryGetDouble(out var f) && Math.Abs(f) <= float.MaxValue ? (float)f : null,
        AttolyticsColumnType.F64 => json.ValueKind == JsonValueKind.Number && json.TryGetDouble(out var d) ? d : null,
        _ => json.ValueKind == JsonValueKind.String ? json.GetString() : null,
    };

    private static string? Timestamp(JsonElement json, out object? converted)
    {
        converted = null;
        switch (json.ValueKind)
        {
            case JsonValueKind.Number:
                // Decimal keeps "1554130180.000001" exact, where a double would lose the last microsecond.
                var seconds = json.TryGetDecimal(out var exact) ? exact : (decimal?)null;
                if (seconds is not { } value || value < MinUnixSeconds || value >= MaxUnixSeconds)
                {
                    return $"{json.GetRawText()} Unix seconds is outside the years 1 to 9999";
                }

                var ticks = DateTimeOffset.UnixEpoch.UtcTicks + (long)decimal.Floor(value * TimeSpan.TicksPerSecond);
                converted = new DateTimeOffset(ticks - (ticks % 10), TimeSpan.Zero);
                return null;
            case JsonValueKind.String:
                if (Rfc3339.TryParse(json.GetString()!, out var parsed))
                {
                    converted = parsed;
                    return null;
                }

                return $"'{json.GetString()}' is not an RFC 3339 timestamp such as 2019-04-01T15:29:40Z";
            default:
                return null;
        }
    }

    private static string Expected(AttolyticsColumnType type) => type switch
    {
        AttolyticsColumnType.Bool => "true or false",
        AttolyticsColumnType.I32 => "an integer within 32 bits",
        AttolyticsColumnType.I64 => "an integer within 64 bits",
        AttolyticsColumnType.F32 => "a number within single precision",
        AttolyticsColumnType.F64 => "a number",
        AttolyticsColumnType.Timestamp => "Unix seconds or an RFC 3339 string",
        _ => "a string",
    };

    private static string Describe(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.Number => json.GetRawText(),
        JsonValueKind.String => "a string",
        JsonValueKind.True or JsonValueKind.False => json.GetRawText(),
        JsonValueKind.Array => "an array",
        _ => "an object",
    };
}
