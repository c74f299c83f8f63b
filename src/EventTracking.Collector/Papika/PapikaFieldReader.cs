using System.Text.Json;

namespace EventTracking.Collector;

/// <summary>
/// Reads the typed fields of one JSON object of a Papika request. The first field that is missing or unusable is kept
/// in <see cref="Error"/> and later reads return defaults, so a caller reads every field, then checks once.
/// </summary>
internal sealed class PapikaFieldReader
{
    private readonly JsonElement _object;
    private readonly string? _prefix;

    /// <param name="element">The object; anything else sets <see cref="Error"/> at once.</param>
    /// <param name="what">What the object is, for the error: <c>'data'</c>, <c>'task_start'</c>.</param>
    /// <param name="prefix">Put before each field's error, such as <c>task_start: </c>.</param>
    public PapikaFieldReader(JsonElement element, string what, string? prefix = null)
    {
        _object = element;
        _prefix = prefix;
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error = PapikaError.BadRequest($"{what} must be a JSON object");
        }
    }

    /// <summary>The first problem found, or null when every field read so far is usable.</summary>
    public PapikaError? Error { get; private set; }

    public bool Has(string field) => Error is null && _object.TryGetProperty(field, out _);

    public JsonElement Element(string field) => _object.GetProperty(field);

    public string String(string field) => Read(field, out var element) && TryGetString(element, out var text) ? text : Fail(field, "a string", string.Empty);

    /// <summary>
    /// A string that names something (a username, a build's revision id) and is kept as sent: at most
    /// <paramref name="maxLength"/> characters, none of them a control or format character, a line or paragraph
    /// separator or an unpaired surrogate, so it can be shown in a listing or a log line as it is. The error never quotes it.
    /// </summary>
    public string Name(string field, int maxLength)
    {
        var text = String(field);
        if (Error is not null)
        {
            return text;
        }

        if (text.Length > maxLength)
        {
            return Set(PapikaError.BadRequest($"{_prefix}'{field}' is {text.Length} characters long; at most {maxLength} are accepted"), string.Empty);
        }

        return LogText.IsLineSafe(text)
            ? text
            : Set(PapikaError.BadRequest($"{_prefix}'{field}' holds {LineSafeText.UnsafeKinds}"), string.Empty);
    }

    /// <summary>A string or JSON null; a missing field is still an error.</summary>
    public string? NullableString(string field)
    {
        if (!Read(field, out var element))
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return TryGetString(element, out var text) ? text : Fail<string?>(field, "a string or null", null);
    }

    public Guid Uuid(string field)
    {
        if (!Read(field, out var element))
        {
            return Guid.Empty;
        }

        if (element.ValueKind != JsonValueKind.String || !TryGetString(element, out var text))
        {
            return Fail(field, "a UUID string", Guid.Empty);
        }

        return TryParseUuid(text, out var value) ? value : Set(PapikaError.BadRequest($"{_prefix}'{field}' is not a UUID"), Guid.Empty);
    }

    public int Integer(string field, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!Read(field, out var element))
        {
            return 0;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var value))
        {
            return Fail(field, "an integer", 0);
        }

        return value >= min && value <= max ? value : Set(PapikaError.BadRequest($"{_prefix}'{field}' must be between {min} and {max}"), 0);
    }

    /// <summary>The <c>client_time</c> field: its text as sent and its parsed time.</summary>
    public (string Text, PapikaClientTime Time) ClientTime()
    {
        var text = String("client_time");
        if (Error is not null)
        {
            return (text, default);
        }

        return PapikaClientTime.TryParse(text, out var time)
            ? (text, time)
            : Set(PapikaError.BadRequest($"{_prefix}'client_time' is not a time Papika clients send"), (text, default(PapikaClientTime)));
    }

    /// <summary>UUIDs as PostgreSQL's uuid type took them: with or without hyphens or braces.</summary>
    public static bool TryParseUuid(string? text, out Guid value) =>
        Guid.TryParseExact(text, "D", out value) || Guid.TryParseExact(text, "N", out value) || Guid.TryParseExact(text, "B", out value);

    private bool Read(string field, out JsonElement element)
    {
        element = default;
        if (Error is not null)
        {
            return false;
        }

        if (!_object.TryGetProperty(field, out element))
        {
            Error = PapikaError.BadRequest($"{_prefix}missing field '{field}'");
            return false;
        }

        return true;
    }

    private T Fail<T>(string field, string expected, T value) => Set(PapikaError.BadRequest($"{_prefix}'{field}' must be {expected}"), value);

    private T Set<T>(PapikaError error, T value)
    {
        Error ??= error;
        return value;
    }

    /// <summary>Strings with escapes .NET cannot hold (a lone surrogate) are refused rather than thrown on.</summary>
    private static bool TryGetString(JsonElement element, out string value)
    {
        value = string.Empty;
        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            value = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
