using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace EventTracking.AspNetCore;

/// <summary>
/// <c>/apps/{app_id}/events</c>: POST stores events, OPTIONS answers CORS preflights, any other method finds no route.
/// </summary>
/// <remarks>
/// POST checks run in Attolytics' order: Content-Type (404, as no route matched), body size (413), JSON (400), shape
/// (422), app (404), origin (403), secret key (403), each event's table (400, 404), each event's columns (400); then
/// the events are delivered with acknowledgement (503 with Retry-After when a store fails) and the answer is 200.
/// Once the app is known and the request's origin allowed, every answer carries the CORS headers.
/// </remarks>
internal sealed class AttolyticsEndpoint
{
    public const string AppIdRouteKey = "app_id";

    /// <summary>The <c>Retry-After</c> sent with 503.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly AttolyticsSchema _schema;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public AttolyticsEndpoint(AttolyticsSchema schema, IServiceProvider services)
    {
        _schema = schema;
        _services = services;
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(AttolyticsLog.Category);
    }

    public Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsPost(method))
        {
            return PostAsync(context);
        }

        if (HttpMethods.IsOptions(method))
        {
            return App(context) is { } app
                ? AttolyticsCors.PreflightAsync(context, app)
                : RefuseAsync(context, new(StatusCodes.Status404NotFound, $"There is no app '{context.GetRouteValue(AppIdRouteKey)}'."));
        }

        return RefuseAsync(context, NoRoute(method));
    }

    private async Task PostAsync(HttpContext context)
    {
        var request = context.Request;
        if (!IsJson(request.ContentType))
        {
            await RefuseAsync(context, NoRoute($"{request.Method} with Content-Type '{request.ContentType}'")).ConfigureAwait(false);
            return;
        }

        var app = App(context);
        var origin = AttolyticsCors.Origin(request);
        if (app is not null && origin is not null && app.AllowsOrigin(origin))
        {
            AttolyticsCors.Allow(context.Response, origin);
        }

        var (body, unread) = await AttolyticsBodyReader.ReadAsync(context).ConfigureAwait(false);
        if (unread is not null)
        {
            await RefuseAsync(context, unread).ConfigureAwait(false);
            return;
        }

        var (envelope, unparsed) = AttolyticsEnvelope.Parse(body!.Value);
        if (unparsed is not null)
        {
            await RefuseAsync(context, unparsed).ConfigureAwait(false);
            return;
        }

        using (envelope)
        {
            if (Check(context, app, origin, envelope!) is { } refusal)
            {
                await RefuseAsync(context, refusal).ConfigureAwait(false);
                return;
            }

            var fields = AttolyticsCollectorFields.For(context, _time);
            var (events, invalid) = AttolyticsEventReader.Read(envelope!.Events, app!, _schema, request.Headers, fields);
            if (invalid is not null)
            {
                await RefuseAsync(context, invalid).ConfigureAwait(false);
                return;
            }

            if (!await DeliverAsync(events!, app!, fields, context.RequestAborted).ConfigureAwait(false))
            {
                await AttolyticsResponses.RefuseAsync(
                    context,
                    new(StatusCodes.Status503ServiceUnavailable, "The events could not be stored; nothing was acknowledged. Send them again later."),
                    RetryAfter).ConfigureAwait(false);
                return;
            }

            await AttolyticsResponses.OkAsync(context).ConfigureAwait(false);
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

    private async Task<bool> DeliverAsync(IReadOnlyList<TrackingEvent> events, AttolyticsApp app, AttolyticsCollectorFields fields, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return true;
        }

        try
        {
            await _services.GetRequiredService<ITracker>().DeliverAsync(events, cancellationToken).ConfigureAwait(false);
            AttolyticsLog.Accepted(_logger, events.Count, app.Id, fields.ClientAddress);
            return true;
        }
        catch (Exception ex)
        {
            // A store failed, the tracker is shutting down, or the client went away: nothing is acknowledged, and the
            // client's retry of the same request has the same event ids, so stores keep one copy.
            AttolyticsLog.DeliveryFailed(_logger, ex, events.Count, app.Id, fields.ClientAddress);
            return false;
        }
    }

    private AttolyticsApp? App(HttpContext context) =>
        context.GetRouteValue(AppIdRouteKey) is string id && _schema.Apps.TryGetValue(id, out var app) ? app : null;

    private static AttolyticsRefusal NoRoute(string what) =>
        new(StatusCodes.Status404NotFound, $"No route matches {what}: send POST with Content-Type application/json.");

    /// <summary><c>application/json</c>, with parameters such as <c>charset</c> or without.</summary>
    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private Task RefuseAsync(HttpContext context, AttolyticsRefusal refusal)
    {
        AttolyticsLog.Refused(_logger, context.Connection.RemoteIpAddress?.ToString(), refusal.Status, refusal.Description);
        return AttolyticsResponses.RefuseAsync(context, refusal);
    }
}
