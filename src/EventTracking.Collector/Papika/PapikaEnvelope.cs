using System.Text.Json;

namespace EventTracking.Collector;

/// <summary>
/// The outer body every Papika route takes: <c>{"version":2,"data":"&lt;JSON text&gt;","release"|"session":"&lt;uuid&gt;","checksum":"…"}</c>,
/// with <c>data</c> parsed a second time into <see cref="Payload"/>.
/// </summary>
internal sealed class PapikaEnvelope : IDisposable
{
    public const int ProtocolVersion = 2;

    private const string InvalidUtf16 = "holds a \\u escape that is not valid UTF-16 (a lone surrogate)";

    private readonly JsonDocument _payload;

    private PapikaEnvelope(string data, JsonDocument payload, string? release, string? session, string? checksum)
    {
        Data = data;
        _payload = payload;
        Release = release;
        Session = session;
        Checksum = checksum;
    }

    /// <summary>The <c>data</c> text as sent, which the checksum covers.</summary>
    public string Data { get; }

    /// <summary>The parsed <c>data</c>; valid until the envelope is disposed.</summary>
    public JsonElement Payload => _payload.RootElement;

    public string? Release { get; }

    public string? Session { get; }

    public string? Checksum { get; }

    /// <summary>Parses a request body; every way it can be wrong is a 400 with a short reason.</summary>
    public static PapikaError? TryParse(ReadOnlyMemory<byte> body, int maxDepth, out PapikaEnvelope? envelope)
    {
        envelope = null;
        JsonDocument outer;
        try
        {
            outer = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = maxDepth });
        }
        catch (JsonException)
        {
            return PapikaError.BadRequest("the body is not valid JSON");
        }

        if (CollectorJson.HoldsInvalidUtf16(body.Span))
        {
            outer.Dispose();
            return PapikaError.BadRequest("the body " + InvalidUtf16);
        }

        using (outer)
        {
            var root = outer.RootElement;
            var fields = new PapikaFieldReader(root, "the body");
            var version = fields.Integer("version");
            if (fields.Error is null && version != ProtocolVersion)
            {
                return PapikaError.BadRequest($"'version' must be {ProtocolVersion}");
            }

            var data = fields.String("data");
            var release = OptionalString(fields, "release");
            var session = OptionalString(fields, "session");
            var checksum = OptionalString(fields, "checksum");
            if (fields.Error is { } error)
            {
                return error;
            }

            JsonDocument payload;
            try
            {
                payload = JsonDocument.Parse(data, new JsonDocumentOptions { MaxDepth = maxDepth });
            }
            catch (JsonException)
            {
                return PapikaError.BadRequest("'data' is not valid JSON");
            }

            if (CollectorJson.HoldsInvalidUtf16(System.Text.Encoding.UTF8.GetBytes(data)))
            {
                payload.Dispose();
                return PapikaError.BadRequest("'data' " + InvalidUtf16);
            }

            envelope = new PapikaEnvelope(data, payload, release, session, checksum);
            return null;
        }
    }

    public void Dispose() => _payload.Dispose();

    private static string? OptionalString(PapikaFieldReader fields, string field) =>
        fields.Has(field) ? fields.NullableString(field) : null;
}
