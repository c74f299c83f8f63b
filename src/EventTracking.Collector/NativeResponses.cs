using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace EventTracking.Collector;

/// <summary>The native endpoint's answers: <c>{"accepted":n}</c>, or an RFC 9457 problem with the offending event's <c>index</c>.</summary>
internal static class NativeResponses
{
    public static async Task AcceptedAsync(HttpContext context, int count)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("accepted", count);
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    public static async Task ProblemAsync(HttpContext context, CollectorError error, TimeSpan? retryAfter = null)
    {
        var response = context.Response;
        response.StatusCode = error.Status;
        response.ContentType = "application/problem+json";
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = CollectorIngestion.RetryAfterSeconds(wait);
        }

        if (error.Status == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = "Bearer";
        }

        await WriteAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("title", ReasonPhrases.GetReasonPhrase(error.Status));
            writer.WriteNumber("status", error.Status);
            writer.WriteString("detail", error.Detail);
            if (error.Index is { } index)
            {
                writer.WriteNumber("index", index);
            }

            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, EventJson.WriterOptions))
        {
            write(writer);
        }

        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
