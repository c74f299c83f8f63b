using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace EventTracking.Collector;

/// <summary>
/// <c>POST {prefix}/api/events</c>: a JSON array (or one object) of canonical events, as <c>HttpBackend</c> sends them.
/// Checks run in this order, and the first that fails answers: key (401), content type and encoding (415), body size
/// (413), JSON, nesting, count, per-event size and fields (400), rate limit (429), delivery (503). Success is 200
/// <c>{"accepted":n}</c>, sent only once every store the events are routed to has committed them.
/// </summary>
internal sealed class NativeCollectorEndpoint
{
    private readonly CollectorIngestion _ingestion;

    public NativeCollectorEndpoint(CollectorIngestion ingestion)
    {
        _ingestion = ingestion;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var options = _ingestion.Options;
        if (!TryAuthenticate(context.Request.Headers, out var keyName))
        {
            await RefuseAsync(context, new CollectorError(
                StatusCodes.Status401Unauthorized,
                "A valid API key is required, in 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.")).ConfigureAwait(false);
            return;
        }

        if (!IsJson(context.Request.ContentType))
        {
            await RefuseAsync(context, new CollectorError(
                StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type '{context.Request.ContentType}' is not supported; send application/json.")).ConfigureAwait(false);
            return;
        }

        var body = await RequestBodyReader.ReadAsync(context, options, pooled: true).ConfigureAwait(false);
        if (!body.IsRead)
        {
            await RefuseAsync(context, new CollectorError(body.FailureStatus, body.Failure!)).ConfigureAwait(false);
            return;
        }

        var fields = _ingestion.Fields(context, keyName, CollectorFields.Native);
        IReadOnlyList<TrackingEvent>? events;
        CollectorError? error;
        try
        {
            // The events copy what they keep, so the body goes back to the pool as soon as they are built.
            (events, error) = NativeBatchReader.Read(body.Content, options, fields);
        }
        finally
        {
            body.Release();
        }

        if (error is not null)
        {
            await RefuseAsync(context, error).ConfigureAwait(false);
            return;
        }

        KeyValuePair<string?, int>[] eventsPerKey = [new(keyName, events!.Count)];
        if (_ingestion.RateLimiter.TryAcquire(CollectorSurface.Native, fields.ClientAddress, eventsPerKey) is { } refusal)
        {
            await RefuseAsync(
                context,
                new CollectorError(StatusCodes.Status429TooManyRequests, $"Rate limit exceeded: {refusal.Limit} events per {refusal.WindowText}."),
                refusal.RetryAfter).ConfigureAwait(false);
            return;
        }

        if (!await _ingestion.DeliverAsync(events, fields, eventsPerKey, context.RequestAborted).ConfigureAwait(false))
        {
            await NativeResponses.ProblemAsync(
                context,
                new CollectorError(StatusCodes.Status503ServiceUnavailable, "The events could not be stored; nothing was acknowledged. Retry the same batch later."),
                options.RetryAfter).ConfigureAwait(false);
            return;
        }

        await NativeResponses.AcceptedAsync(context, events.Count).ConfigureAwait(false);
    }

    /// <summary>
    /// Finds the key in <c>Authorization: Bearer</c> and <c>X-Api-Key</c>. Every key the request presents must be valid;
    /// an <c>Authorization</c> header of another scheme is not a key and is left to whatever else uses it. A request
    /// that presents no key is anonymous, which only <see cref="EventCollectorOptions.AllowAnonymous"/> admits.
    /// </summary>
    private bool TryAuthenticate(IHeaderDictionary headers, out string? keyName)
    {
        const string Scheme = "Bearer ";
        keyName = null;
        var presented = false;
        foreach (var authorization in headers.Authorization)
        {
            if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var name = _ingestion.Keys.Find(authorization[Scheme.Length..].Trim());
            if (name is null)
            {
                return false;
            }

            keyName ??= name;
            presented = true;
        }

        foreach (var apiKey in headers["X-Api-Key"])
        {
            var name = apiKey is null ? null : _ingestion.Keys.Find(apiKey);
            if (name is null)
            {
                return false;
            }

            keyName ??= name;
            presented = true;
        }

        return presented || _ingestion.Options.AllowAnonymous;
    }

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return true;
        }

        return MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            && mediaType.Type.Equals("application", StringComparison.OrdinalIgnoreCase)
            && (mediaType.SubType.Equals("json", StringComparison.OrdinalIgnoreCase) || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
    }

    private Task RefuseAsync(HttpContext context, CollectorError error, TimeSpan? retryAfter = null)
    {
        CollectorLog.Refused(_ingestion.Logger, CollectorFields.Native, CollectorIngestion.ClientAddress(context), error.Status, error.Detail);
        return NativeResponses.ProblemAsync(context, error, retryAfter);
    }
}
