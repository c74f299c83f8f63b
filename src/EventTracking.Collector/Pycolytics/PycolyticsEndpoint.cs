using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace EventTracking.Collector;

/// <summary>
/// The Pycolytics wire protocol: <c>POST {prefix}/v1.0/events</c> (an array) and <c>POST {prefix}/v1.0/event</c> (one
/// object), answered as the original FastAPI server answered, so the pycolytics-godot addon works unchanged.
/// </summary>
/// <remarks>
/// The body is read by hand, never bound automatically: the Godot addon sends no Content-Type, which is parsed as JSON,
/// like <c>application/json</c> and <c>application/*+json</c>; any other type is validated as text and so fails with 422,
/// as in FastAPI. Checks run in this order: body size (413), JSON (400 for bytes that are not UTF-8, 422 otherwise), keys
/// (401, which wins over schema errors), an <c>event_type</c> outside the <see cref="EventNames"/> alphabet (400), schema
/// (422), rate limit (429), delivery (503). Success is 204.
/// </remarks>
internal sealed class PycolyticsEndpoint
{
    private readonly CollectorIngestion _ingestion;

    public PycolyticsEndpoint(CollectorIngestion ingestion)
    {
        _ingestion = ingestion;
    }

    public Task HandleBatchAsync(HttpContext context) => HandleAsync(context, batch: true);

    public Task HandleSingleAsync(HttpContext context) => HandleAsync(context, batch: false);

    private async Task HandleAsync(HttpContext context, bool batch)
    {
        var body = await RequestBodyReader.ReadAsync(context, _ingestion.Options).ConfigureAwait(false);
        if (!body.IsRead)
        {
            await RefuseAsync(context, body.FailureStatus, body.Failure!).ConfigureAwait(false);
            return;
        }

        var content = body.Content;
        if (content.IsEmpty)
        {
            await InvalidAsync(context, [PycolyticsError.Missing(["body"], null)]).ConfigureAwait(false);
            return;
        }

        if (!IsJson(context.Request.ContentType))
        {
            var text = Encoding.UTF8.GetString(content.Span);
            await InvalidAsync(context, [batch ? PycolyticsError.ListType(["body"], null, text) : PycolyticsError.ModelAttributesType(["body"], null, text)]).ConfigureAwait(false);
            return;
        }

        content = CollectorJson.WithoutByteOrderMark(content);
        if (!Utf8.IsValid(content.Span))
        {
            // FastAPI's answer to a body it cannot decode before parsing it.
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "There was an error parsing the body").ConfigureAwait(false);
            return;
        }

        JsonDocument document;
        try
        {
            document = CollectorJson.Parse(content, _ingestion.Options.MaxDepth);
        }
        catch (JsonException ex)
        {
            var reason = CollectorJson.NestsDeeperThan(content.Span, _ingestion.Options.MaxDepth)
                ? $"JSON nests deeper than {_ingestion.Options.MaxDepth} levels"
                : Reason(ex);
            await InvalidAsync(context, [PycolyticsError.JsonInvalid(CharacterPosition(content.Span, ex), reason)]).ConfigureAwait(false);
            return;
        }

        using (document)
        {
            var fields = _ingestion.Fields(context, null, CollectorFields.Pycolytics);
            var result = PycolyticsValidator.Validate(document.RootElement, batch, _ingestion, fields);
            if (result.Unauthorized)
            {
                await RefuseAsync(context, StatusCodes.Status401Unauthorized, PycolyticsResponses.InvalidKey).ConfigureAwait(false);
                return;
            }

            if (result.BadName is { } badName)
            {
                await RefuseAsync(context, StatusCodes.Status400BadRequest, badName).ConfigureAwait(false);
                return;
            }

            if (result.Errors.Count > 0)
            {
                await InvalidAsync(context, result.Errors).ConfigureAwait(false);
                return;
            }

            if (_ingestion.RateLimiter.TryAcquire(CollectorSurface.Pycolytics, fields.ClientAddress, result.EventsPerKey) is { } refusal)
            {
                CollectorLog.Refused(_ingestion.Logger, CollectorFields.Pycolytics, fields.ClientAddress, StatusCodes.Status429TooManyRequests, "rate limit");
                await PycolyticsResponses.RateLimitedAsync(context, refusal, refusal.WindowText).ConfigureAwait(false);
                return;
            }

            if (!await _ingestion.DeliverAsync(result.Events, fields, result.EventsPerKey, context.RequestAborted).ConfigureAwait(false))
            {
                await PycolyticsResponses.DetailAsync(
                    context,
                    StatusCodes.Status503ServiceUnavailable,
                    "The events could not be stored; nothing was acknowledged. Retry later.",
                    _ingestion.Options.RetryAfter).ConfigureAwait(false);
                return;
            }

            await PycolyticsResponses.NoContentAsync(context).ConfigureAwait(false);
        }
    }

    /// <summary>FastAPI parses JSON when there is no Content-Type, or when it is <c>application/json</c> or <c>application/*+json</c>.</summary>
    private static bool IsJson(string? contentType) =>
        string.IsNullOrEmpty(contentType)
        || (MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            && mediaType.Type.Equals("application", StringComparison.OrdinalIgnoreCase)
            && (mediaType.SubType.Equals("json", StringComparison.OrdinalIgnoreCase) || mediaType.SubType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)));

    /// <summary>Python reports where JSON broke as a character index into the decoded text; the reader reports line and byte.</summary>
    private static long CharacterPosition(ReadOnlySpan<byte> json, JsonException ex)
    {
        var offset = 0;
        for (long line = 0; line < (ex.LineNumber ?? 0) && offset < json.Length; offset++)
        {
            if (json[offset] == (byte)'\n')
            {
                line++;
            }
        }

        var end = (int)Math.Min(json.Length, offset + (ex.BytePositionInLine ?? 0));
        long characters = 0;
        foreach (var b in json[..end])
        {
            // Count every byte that starts a UTF-8 sequence, skipping continuation bytes.
            if ((b & 0xC0) != 0x80)
            {
                characters++;
            }
        }

        return characters;
    }

    private static string Reason(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    private Task InvalidAsync(HttpContext context, IReadOnlyList<PycolyticsError> errors)
    {
        CollectorLog.Refused(_ingestion.Logger, CollectorFields.Pycolytics, CollectorIngestion.ClientAddress(context), StatusCodes.Status422UnprocessableEntity, errors[0].Type);
        return PycolyticsResponses.ValidationFailedAsync(context, errors);
    }

    private Task RefuseAsync(HttpContext context, int status, string detail)
    {
        CollectorLog.Refused(_ingestion.Logger, CollectorFields.Pycolytics, CollectorIngestion.ClientAddress(context), status, detail);
        return PycolyticsResponses.DetailAsync(context, status, detail);
    }
}
