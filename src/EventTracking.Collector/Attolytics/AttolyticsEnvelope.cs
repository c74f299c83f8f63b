using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace EventTracking.Collector;

/// <summary>
/// The body <c>{"secret_key": "…", "events": […]}</c>, parsed as Attolytics' Rocket handler parsed it: malformed JSON
/// is 400, and valid JSON of the wrong shape is 422. Other top-level keys are ignored.
/// </summary>
internal sealed class AttolyticsEnvelope : IDisposable
{
    // serde_json's recursion limit.
    private const int MaxDepth = 128;

    private readonly JsonDocument _document;

    private AttolyticsEnvelope(JsonDocument document, string secretKey, JsonElement events)
    {
        _document = document;
        SecretKey = secretKey;
        Events = events;
    }

    public string SecretKey { get; }

    /// <summary>The <c>events</c> array, valid while the envelope is not disposed.</summary>
    public JsonElement Events { get; }

    /// <summary>Parses a body; exactly one of the results is set.</summary>
    public static (AttolyticsEnvelope? Envelope, AttolyticsRefusal? Refusal) Parse(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = CollectorJson.Parse(CollectorJson.WithoutByteOrderMark(body), MaxDepth);
        }
        catch (JsonException ex)
        {
            return (null, Malformed(ex.Message));
        }

        if (Unreadable(document.RootElement) is { } problem)
        {
            document.Dispose();
            return (null, Malformed(problem));
        }

        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object
            && Single(root, "secret_key") is { ValueKind: JsonValueKind.String } key
            && Single(root, "events") is { ValueKind: JsonValueKind.Array } events)
        {
            return (new AttolyticsEnvelope(document, key.GetString()!, events), null);
        }

        document.Dispose();
        return (null, new AttolyticsRefusal(
            StatusCodes.Status422UnprocessableEntity,
            "The body must be a JSON object with a string \"secret_key\" and an array \"events\"."));
    }

    public void Dispose() => _document.Dispose();

    private static AttolyticsRefusal Malformed(string reason) =>
        new(StatusCodes.Status400BadRequest, $"The body is not valid JSON: {reason}");

    /// <summary>The property, when the object holds it exactly once (serde refuses a duplicate field).</summary>
    private static JsonElement? Single(JsonElement root, string name)
    {
        JsonElement? found = null;
        foreach (var property in root.EnumerateObject())
        {
            if (property.NameEquals(name))
            {
                if (found is not null)
                {
                    return null;
                }

                found = property.Value;
            }
        }

        return found;
    }

    /// <summary>
    /// What serde_json refuses but <see cref="JsonDocument"/> accepts: a lone surrogate escape (<c>"\ud800"</c>) and a
    /// number too large for a double (<c>1e400</c>), anywhere in the body. Event values cannot hold them either, so Core's
    /// check (the one every surface's events go through when they are built) decides, over the whole body at once.
    /// </summary>
    private static string? Unreadable(JsonElement root)
    {
        try
        {
            _ = new TrackingEvent(Guid.Empty, "attolytics.body", DateTimeOffset.UnixEpoch, data: new Dictionary<string, object?>(1) { ["body"] = root });
            return null;
        }
        catch (JsonException ex)
        {
            // "it holds the number 1e400, which is beyond the range of a double."
            return ex.Message;
        }
        catch (InvalidOperationException)
        {
            return "it holds a \\u escape that is not valid UTF-16 (a lone surrogate).";
        }
    }
}
