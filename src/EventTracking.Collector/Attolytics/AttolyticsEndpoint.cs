using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace EventTracking.Collector;

/// <summary>
/// <c>/apps/{app_id}/events</c>: POST stores events, OPTIONS answers CORS preflights, any other method finds no route.
/// </summary>
/// <remarks>
/// POST checks run in Attolytics' order: Content-Type (404, as no route matched), body size (413), JSON (400), shape
/// (422), the collector's batch limit (413), app (404), origin (403), secret key (403), each event's table (400, 404), each event's columns (400); then
/// the collector's rate limits (429) and acknowledged delivery (503 with Retry-After when a store fails); success is
/// 200. Once the app is known and the request's origin allowed, every answer carries the CORS headers. Body reading,
/// the collector's fields, rate limits, delivery and logging are the collector's, shared with its other surfaces.
/// </remarks>
internal sealed class AttolyticsEndpoint
{
    public const string AppIdRouteKey = "app_id";

    /// <summary>The <c>collector_surface</c> of the events this surface accepts.</summary>
    public const string Surface = "attolytics";

    /// <summary>Attolytics' JSON limit, 32 KiB, before and after gzip decompression.</summary>
    public const int MaxBodySize = 32 * 1024;

    private static readonly EventCollectorOptions BodyLimits = new() { MaxRequestBodySize = MaxBodySize, MaxDecompressedBodySize = MaxBodySize };

    private readonly AttolyticsSchema _schema;

    public AttolyticsEndpoint(AttolyticsSchema schema)
    {
        _schema = schema;
    }

    public Task HandleAsync(HttpContext context)
    {
        // Resolved per request: resolving it when the route is mapped would build the tracker before the host starts.
        var ingestion = context.RequestServices.GetRequiredService<CollectorIngestion>();
        var method = context.Request.Method;
        if (HttpMethods.IsPost(method))
        {
            return PostAsync(context, ingestion);
        }

        if (HttpMethods.IsOptions(method))
        {
            return App(context) is { } app
                ? AttolyticsCors.PreflightAsync(context, app)
                : RefuseAsync(context, ingestion, new(StatusCodes.Status404NotFound, $"There is no app '{context.GetRouteValue(AppIdRouteKey)}'."));
        }

        return RefuseAsync(context, ingestion, NoRoute(method));
    }

    private async Task PostAsync(HttpContext context, CollectorIngestion ingestion)
    {
        var request = context.Request;
        if (!IsJson(request.ContentType))
        {
            await RefuseAsync(context, ingestion, NoRoute($"{request.Method} with Content-Type '{request.ContentType}'")).ConfigureAwait(false);
            return;
        }

        var app = App(context);
        var origin = AttolyticsCors.Origin(request);
        if (app is not null && origin is not null && app.AllowsOrigin(origin))
        {
            AttolyticsCors.Allow(context.Response, origin);
        }

        var body = await RequestBodyReader.ReadAsync(context, BodyLimits).ConfigureAwait(false);
        if (!body.IsRead)
        {
            await RefuseAsync(context, ingestion, new(body.FailureStatus, body.Failure!)).ConfigureAwait(false);
            return;
        }

        var (envelope, unparsed) = AttolyticsEnvelope.Parse(body.Content);
        if (unparsed is not null)
        {
            await RefuseAsync(context, ingestion, unparsed).ConfigureAwait(false);
            return;
        }

        using (envelope)
        {
            if (envelope!.Events.GetArrayLength() > ingestion.Options.MaxBatchSize)
            {
                // The collector's batch limit, so that no batch is larger than a rate-limit bucket can ever pass.
                await RefuseAsync(context, ingestion, new(
                    StatusCodes.Status413PayloadTooLarge,
                    $"The request holds {envelope.Events.GetArrayLength()} events; at most {ingestion.Options.MaxBatchSize} are accepted at once.")).ConfigureAwait(false);
                return;
            }

            if (Check(context, app, origin, envelope) is { } refusal)
            {
                await RefuseAsync(context, ingestion, refusal).ConfigureAwait(false);
                return;
            }

            var fields = ingestion.Fields(context, app!.Id, Surface);
            var (events, invalid) = AttolyticsEventReader.Read(envelope.Events, app, _schema, request.Headers, fields);
            if (invalid is not null)
            {
                await RefuseAsync(context, ingestion, invalid).ConfigureAwait(false);
                return;
            }

            await DeliverAsync(context, ingestion, events!, fields).ConfigureAwait(false);
        }
    }

    /// <summary>Checks 3 to 5: the app, the origin, the secret key.</summary>
    private static AttolyticsRefusal? Check(HttpContext context, AttolyticsApp? app, string? origin, AttolyticsEnvelope envelope)
    {
        if (app is null)
        {
            return new(StatusCodes.Status404NotFound, $"There is no app '{context.GetRouteValue(AppIdRouteKey)}'.");
        }

        if (origin is not null && !app.AllowsOrigin(origin))
        {
            return new(StatusCodes.Status403Forbidden, $"Origin '{origin}' may not send events for app '{app.Id}'.");
        }

        return app.HasSecretKey(envelope.SecretKey) ? null : new(StatusCodes.Status403Forbidden, $"The secret key is wrong for app '{app.Id}'.");
    }

    /// <summary>The collector's rate limits (the app id is the key name), then acknowledged delivery.</summary>
    private static async Task DeliverAsync(HttpContext context, CollectorIngestion ingestion, IReadOnlyList<TrackingEvent> events, CollectorFields fields)
    {
        KeyValuePair<string?, int>[] perKey = [new(fields.KeyName, events.Count)];
        if (ingestion.RateLimiter.TryAcquire(CollectorSurface.Attolytics, fields.ClientAddress, perKey) is { } limited)
        {
            var refusal = new AttolyticsRefusal(StatusCodes.Status429TooManyRequests, $"Rate limit exceeded: {limited.Limit} events per {limited.WindowText}.");
            CollectorLog.Refused(ingestion.Logger, Surface, fields.ClientAddress, refusal.Status, refusal.Description);
            await AttolyticsResponses.RefuseAsync(context, refusal, limited.RetryAfter).ConfigureAwait(false);
            return;
        }

        if (!await ingestion.DeliverAsync(events, fields, perKey, context.RequestAborted).ConfigureAwait(false))
        {
            await AttolyticsResponses.RefuseAsync(
                context,
                new(StatusCodes.Status503ServiceUnavailable, "The events could not be stored; nothing was acknowledged. Send them again later."),
                ingestion.Options.RetryAfter).ConfigureAwait(false);
            return;
        }

        await AttolyticsResponses.OkAsync(context).ConfigureAwait(false);
    }

    private AttolyticsApp? App(HttpContext context) =>
        context.GetRouteValue(AppIdRouteKey) is string id && _schema.Apps.TryGetValue(id, out var app) ? app : null;

    private static AttolyticsRefusal NoRoute(string what) =>
        new(StatusCodes.Status404NotFound, $"No route matches {what}: send POST with Content-Type application/json.");

    /// <summary><c>application/json</c>, with parameters such as <c>charset</c> or without.</summary>
    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private static Task RefuseAsync(HttpContext context, CollectorIngestion ingestion, AttolyticsRefusal refusal)
    {
        CollectorLog.Refused(ingestion.Logger, Surface, CollectorIngestion.ClientAddress(context), refusal.Status, refusal.Description);
        return AttolyticsResponses.RefuseAsync(context, refusal);
    }
}
