using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EventTracking.AspNetCore;

/// <summary>
/// Handles <c>POST {pattern}</c> with <c>{"user_id": "…"}</c>: flushes the tracker, erases the user's events from every
/// erasable store, and answers with the report (200, or 503 when a store failed and the call should be repeated).
/// </summary>
internal sealed class ErasureEndpoint
{
    private readonly EventTrackingErasureEndpointOptions _options;

    public ErasureEndpoint(EventTrackingErasureEndpointOptions options) => _options = options;

    public async Task HandleAsync(HttpContext context)
    {
        var tracker = (ITracker?)context.RequestServices.GetService(typeof(ITracker))
            ?? throw new InvalidOperationException("No ITracker is registered: call services.AddEventTracking(...) before mapping the erasure endpoint.");
        if (!IsJson(context.Request.ContentType))
        {
            // Only JSON: a cross-site HTML form cannot send it without a CORS preflight.
            await Refuse(context, StatusCodes.Status415UnsupportedMediaType, "Send a JSON body such as {\"user_id\": \"10938\"} with Content-Type: application/json.");
            return;
        }

        var userId = await ReadUserIdAsync(context);
        if (userId.Error is { } error)
        {
            await Refuse(context, userId.Status, error);
            return;
        }

        ErasureReport report;
        try
        {
            report = await tracker.EraseUserAsync(userId.Value!, WithRegisteredStores(context.RequestServices), context.RequestAborted);
        }
        catch (ArgumentException ex)
        {
            await Refuse(context, StatusCodes.Status400BadRequest, ex.Message);
            return;
        }

        var logger = (ILogger?)((ILoggerFactory?)context.RequestServices.GetService(typeof(ILoggerFactory)))?.CreateLogger(EventTrackingDiagnostics.LoggerCategory);
        if (logger is not null)
        {
            ErasureLog.Erased(
                logger,
                context.User.Identity?.Name ?? "an authorized caller",
                report.Removed,
                report.Stores.Count(s => s.Outcome == StoreErasureOutcome.Erased),
                report.Stores.Count(s => s.Outcome == StoreErasureOutcome.CannotErase),
                report.Stores.Count(s => s.Outcome == StoreErasureOutcome.Failed));
        }

        var failed = report.Stores.Any(s => s.Outcome == StoreErasureOutcome.Failed);
        context.Response.StatusCode = failed ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        await ErasureReportJson.WriteAsync(context.Response.Body, report, context.RequestAborted);
    }

    /// <summary>The configured options, plus the stores registered with <c>AddEventTrackingErasableStore</c>.</summary>
    private UserErasureOptions WithRegisteredStores(IServiceProvider services)
    {
        var registered = (IEnumerable<ErasableStoreRegistration>?)services.GetService(typeof(IEnumerable<ErasableStoreRegistration>)) ?? [];
        if (!registered.Any())
        {
            return _options.Erasure;
        }

        var configured = _options.Erasure;
        var stores = new Dictionary<string, IErasableStore>(configured.Stores ?? new Dictionary<string, IErasableStore>(), StringComparer.Ordinal);
        foreach (var registration in registered)
        {
            stores.TryAdd(registration.Name, registration.Factory(services));
        }

        return new UserErasureOptions
        {
            Fields = configured.Fields,
            Secrets = configured.Secrets,
            IncludeTreeSecrets = configured.IncludeTreeSecrets,
            Stores = stores,
        };
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || (contentType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && contentType.Contains("+json", StringComparison.OrdinalIgnoreCase)));

    private async Task<(string? Value, string? Error, int Status)> ReadUserIdAsync(HttpContext context)
    {
        if (context.Request.ContentLength > _options.MaxBodyBytes)
        {
            return (null, $"The body is over {_options.MaxBodyBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > _options.MaxBodyBytes)
            {
                return (null, $"The body is over {_options.MaxBodyBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 4 });
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("user_id", out var id))
            {
                return (null, "The body must be a JSON object with a \"user_id\".", StatusCodes.Status400BadRequest);
            }

            var text = id.ValueKind switch
            {
                JsonValueKind.String => id.GetString(),
                JsonValueKind.Number => id.GetRawText(),
                _ => null,
            };
            return string.IsNullOrWhiteSpace(text)
                ? (null, "\"user_id\" must be a non-empty string or a number.", StatusCodes.Status400BadRequest)
                : (text, null, StatusCodes.Status200OK);
        }
        catch (JsonException)
        {
            return (null, "The body is not valid JSON.", StatusCodes.Status400BadRequest);
        }
    }

    private static async Task Refuse(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("error", message);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
