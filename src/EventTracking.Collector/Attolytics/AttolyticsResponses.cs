using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace EventTracking.Collector;

/// <summary>
/// The Attolytics surface's answers. Success is 200 with an empty body, as Rocket sent the handler's empty string.
/// A refusal carries a small JSON body in the shape of Rocket's JSON error catcher, which no client parses.
/// </summary>
internal static class AttolyticsResponses
{
    // Descriptions quote names with ' and ", which need no escaping outside HTML.
    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task OkAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    /// <summary><c>{"error":{"code":400,"reason":"Bad Request","description":"…"}}</c>, with Retry-After when given.</summary>
    public static async Task RefuseAsync(HttpContext context, AttolyticsRefusal refusal, TimeSpan? retryAfter = null)
    {
        var response = context.Response;
        response.StatusCode = refusal.Status;
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Relaxed))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteNumber("code", refusal.Status);
            writer.WriteString("reason", ReasonPhrases.GetReasonPhrase(refusal.Status));
            writer.WriteString("description", refusal.Description);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        response.ContentType = "application/json";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
