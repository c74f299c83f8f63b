using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace EventTracking.Collector;

/// <summary>
/// A Papika answer: compact JSON with exactly the keys, in the order, the clients parse. The Unity client splits the
/// text on <c>:</c> and <c>,</c> instead of parsing it, so there are no spaces and no other keys.
/// </summary>
internal sealed class PapikaReply
{
    private readonly byte[] _body;

    private PapikaReply(int status, string contentType, byte[] body, TimeSpan? retryAfter = null)
    {
        Status = status;
        ContentType = contentType;
        _body = body;
        RetryAfter = retryAfter;
    }

    public int Status { get; }

    public string ContentType { get; }

    public TimeSpan? RetryAfter { get; }

    /// <summary>The body as text, for logs and tests.</summary>
    public string Text => System.Text.Encoding.UTF8.GetString(_body);

    /// <summary><c>{"user_id":"…"}</c></summary>
    public static PapikaReply UserId(Guid userId) => Ok(w => w.WriteString("user_id", userId.ToString("D")));

    /// <summary><c>{"id":"…","savedata":"…"|null}</c></summary>
    public static PapikaReply SaveData(Guid userId, string? saveData) => Ok(w =>
    {
        w.WriteString("id", userId.ToString("D"));
        w.WriteString("savedata", saveData);
    });

    /// <summary><c>{"is_success":true}</c></summary>
    public static PapikaReply Success() => Ok(w => w.WriteBoolean("is_success", true));

    /// <summary><c>{"condition":n}</c></summary>
    public static PapikaReply Condition(int condition) => Ok(w => w.WriteNumber("condition", condition));

    /// <summary><c>{"session_id":"…","session_key":"…"}</c></summary>
    public static PapikaReply Session(Guid sessionId, string sessionKey) => Ok(w =>
    {
        w.WriteString("session_id", sessionId.ToString("D"));
        w.WriteString("session_key", sessionKey);
    });

    /// <summary>An RFC 9457 problem, as the collector's other routes answer: <c>{"title":…,"status":…,"detail":…}</c>.</summary>
    public static PapikaReply Problem(PapikaError error, TimeSpan? retryAfter = null) => new(
        error.Status,
        "application/problem+json",
        Render(w =>
        {
            w.WriteString("title", ReasonPhrases.GetReasonPhrase(error.Status));
            w.WriteNumber("status", error.Status);
            w.WriteString("detail", error.Reason);
        }),
        retryAfter);

    public static PapikaReply Unavailable(string reason, TimeSpan retryAfter) =>
        Problem(new PapikaError(StatusCodes.Status503ServiceUnavailable, reason), retryAfter);

    public Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = Status;
        response.ContentType = ContentType;
        if (RetryAfter is { } wait)
        {
            response.Headers.RetryAfter = CollectorIngestion.RetryAfterSeconds(wait);
        }

        response.ContentLength = _body.Length;
        return response.Body.WriteAsync(_body, context.RequestAborted).AsTask();
    }

    private static PapikaReply Ok(Action<Utf8JsonWriter> write) => new(StatusCodes.Status200OK, "application/json", Render(write));

    private static byte[] Render(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, EventJson.WriterOptions))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
