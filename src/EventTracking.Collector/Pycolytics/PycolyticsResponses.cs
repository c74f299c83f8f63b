using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace EventTracking.Collector;

/// <summary>The Pycolytics surface's answers, byte-compatible with FastAPI's compact JSON.</summary>
internal static class PycolyticsResponses
{
    public const string InvalidKey = "Invalid or missing API Key";

    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task NoContentAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    /// <summary><c>{"detail":"…"}</c>, as FastAPI's <c>HTTPException</c> answers.</summary>
    public static Task DetailAsync(HttpContext context, int status, string detail, TimeSpan? retryAfter = null) =>
        WriteAsync(context, status, retryAfter, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("detail", detail);
            writer.WriteEndObject();
        });

    /// <summary><c>{"error":"Rate limit exceeded: N per 1 minute"}</c>, as slowapi answers.</summary>
    public static Task RateLimitedAsync(HttpContext context, RateLimitRefusal refusal, string window) =>
        WriteAsync(context, StatusCodes.Status429TooManyRequests, refusal.RetryAfter, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("error", $"Rate limit exceeded: {refusal.Limit} per {window}");
            writer.WriteEndObject();
        });

    /// <summary>422 <c>{"detail":[…]}</c>, as FastAPI answers a request that fails validation.</summary>
    public static Task ValidationFailedAsync(HttpContext context, IReadOnlyList<PycolyticsError> errors)
    {
        System.Buffers.ArrayBufferWriter<byte> buffer;
        try
        {
            buffer = Render(Errors(errors, echoInput: true));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // An input holding text JSON allows but UTF-8 cannot encode (a lone surrogate escape) is not echoed.
            buffer = Render(Errors(errors, echoInput: false));
        }

        return SendAsync(context, StatusCodes.Status422UnprocessableEntity, null, buffer);
    }

    private static Action<Utf8JsonWriter> Errors(IReadOnlyList<PycolyticsError> errors, bool echoInput) => writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("detail");
        foreach (var error in errors)
        {
            error.WriteTo(writer, echoInput);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    };

    private static System.Buffers.ArrayBufferWriter<byte> Render(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            write(writer);
        }

        return buffer;
    }

    private static Task WriteAsync(HttpContext context, int status, TimeSpan? retryAfter, Action<Utf8JsonWriter> write) =>
        SendAsync(context, status, retryAfter, Render(write));

    private static async Task SendAsync(HttpContext context, int status, TimeSpan? retryAfter, System.Buffers.ArrayBufferWriter<byte> buffer)
    {

        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = CollectorIngestion.RetryAfterSeconds(wait);
        }

        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
