using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace EventTracking.Collector;

/// <summary>
/// The JSON bodies of the Microticks surface, written key by key in the original server's order. Every body carries a
/// <c>status</c> member; errors carry <c>error</c> or <c>description</c> as the original did for each case.
/// </summary>
internal static class MicroticksResponses
{
    public static Task OkAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status200OK, writer => writer.WriteNumber("status", 200));

    public static Task TokenAsync(HttpContext context, string token) =>
        WriteAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteNumber("status", 200);
            writer.WriteString("token", token);
        });

    public static Task EventIdAsync(HttpContext context, long eventId) =>
        WriteAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteNumber("status", 200);
            writer.WriteNumber("event_id", eventId);
        });

    public static Task MissingFieldAsync(HttpContext context, string field) =>
        ErrorAsync(context, StatusCodes.Status400BadRequest, $"No \"{field}\" parameter provided");

    /// <summary><c>{"error":…,"status":…}</c> with the same status in the body and the response.</summary>
    public static Task ErrorAsync(HttpContext context, int status, string error) =>
        WriteAsync(context, status, writer =>
        {
            writer.WriteString("error", error);
            writer.WriteNumber("status", status);
        });

    /// <summary><c>{"description":…,"status":…}</c>; the read key errors answer HTTP 400 with 401 in the body, as the original did.</summary>
    public static Task DescriptionAsync(HttpContext context, int status, string description, int bodyStatus) =>
        WriteAsync(context, status, writer =>
        {
            writer.WriteString("description", description);
            writer.WriteNumber("status", bodyStatus);
        });

    public const string NotStored = "The event could not be stored. Retry later.";

    public const string DatabaseUnavailable = "The Microticks database is busy or unavailable. Retry later.";

    /// <summary>503 with <c>Retry-After</c> in whole seconds (at least 1).</summary>
    public static Task UnavailableAsync(HttpContext context, TimeSpan retryAfter, string error = NotStored)
    {
        context.Response.Headers.RetryAfter = CollectorIngestion.RetryAfterSeconds(retryAfter);
        return ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, error);
    }

    /// <summary>429 with <c>Retry-After</c>, worded as the collector's other surfaces word it.</summary>
    public static Task RateLimitedAsync(HttpContext context, RateLimitRefusal refusal, string window)
    {
        context.Response.Headers.RetryAfter = CollectorIngestion.RetryAfterSeconds(refusal.RetryAfter);
        return ErrorAsync(context, StatusCodes.Status429TooManyRequests, $"Rate limit exceeded: {refusal.Limit} per {window}");
    }

    /// <summary>Writes a JSON object; <paramref name="members"/> writes its members in order.</summary>
    public static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, EventJson.WriterOptions))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
