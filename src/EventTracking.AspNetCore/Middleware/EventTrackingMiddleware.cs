using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventTracking.AspNetCore;

/// <summary>Pushes a <c>request</c> context around the rest of the pipeline, so every event a request emits carries it.</summary>
internal sealed class EventTrackingMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ITracker _tracker;
    private readonly EventTrackingMiddlewareOptions _options;
    private readonly ILogger _logger;

    public EventTrackingMiddleware(RequestDelegate next, ITracker tracker, IOptions<EventTrackingMiddlewareOptions> options, ILoggerFactory loggerFactory)
    {
        _next = next;
        _tracker = tracker;
        _options = options.Value;
        _logger = loggerFactory.CreateLogger(EventTrackingDiagnostics.LoggerCategory);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        // The frame lives in an AsyncLocal: it flows into the awaited pipeline and is popped when the request ends,
        // so it can neither reach a concurrent request nor outlive this one.
        using (_tracker.Context(_options.ContextName, Capture(context)))
        {
            await _next(context);
        }
    }

    private Dictionary<string, object?> Capture(HttpContext context)
    {
        var request = context.Request;
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (_options.CaptureRequestId)
        {
            values["request_id"] = context.TraceIdentifier;
        }

        if (_options.CaptureUserId && context.User.Identity?.IsAuthenticated == true
            && context.User.FindFirst(_options.UserIdClaimType)?.Value is { } userId)
        {
            values["user_id"] = userId;
        }

        if (_options.CaptureIp && context.Connection.RemoteIpAddress is { } ip)
        {
            values["ip"] = RequestPrivacy.Ip(ip, _options);
        }

        AddHeader(values, _options.CaptureAgent, "agent", request.Headers.UserAgent, _options.MaxAgentLength);
        if (_options.CaptureHost && request.Host.HasValue)
        {
            values["host"] = Truncate(request.Host.Value, _options.MaxHostLength);
        }

        if (_options.CapturePath)
        {
            values["path"] = Truncate((request.PathBase + request.Path).Value ?? "/", _options.MaxPathLength);
        }

        if (_options.CaptureMethod)
        {
            values["method"] = request.Method;
        }

        AddHeader(values, _options.CaptureReferer, "referer", request.Headers.Referer, _options.MaxRefererLength);
        foreach (var (key, header) in _options.CaptureHeaders)
        {
            AddHeader(values, capture: true, key, request.Headers[header], _options.MaxHeaderLength);
        }
        RequestPrivacy.AddConsent(context, _options, values);

        if (_options.Enrich is { } enrich)
        {
            try
            {
                enrich(context, values);
            }
            catch (Exception ex)
            {
                AspNetCoreLog.EnrichFailed(_logger, ex, LogText.Escape(request.Path.Value ?? "/"));
            }
        }

        return values;
    }

    private static void AddHeader(Dictionary<string, object?> values, bool capture, string key, Microsoft.Extensions.Primitives.StringValues header, int maxLength)
    {
        if (capture && !Microsoft.Extensions.Primitives.StringValues.IsNullOrEmpty(header))
        {
            values[key] = Truncate(header.ToString(), maxLength);
        }
    }

    // Cut to maxLength UTF-16 code units, one fewer when the cut would split a surrogate pair.
    internal static string Truncate(string value, int maxLength)
    {
        if (value.Length <= maxLength)
        {
            return value;
        }

        var length = char.IsHighSurrogate(value[maxLength - 1]) ? maxLength - 1 : maxLength;
        return value[..length];
    }
}
