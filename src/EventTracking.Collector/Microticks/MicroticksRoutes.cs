using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EventTracking.Collector;

/// <summary>
/// Dispatches each Microticks path by method, and gives every answer the CORS and cache headers: POST to
/// <see cref="MicroticksIngestion"/>, GET and HEAD to <see cref="MicroticksReadAccess"/>, OPTIONS to a preflight answer,
/// anything else 405. A SQLite failure (a locked or unwritable file) is answered 503, never 500.
/// </summary>
internal sealed class MicroticksRoutes
{
    private const string ReadWriteMethods = "GET, HEAD, OPTIONS, POST";
    private const string WriteMethods = "OPTIONS, POST";

    private readonly MicroticksIngestion _ingestion;
    private readonly MicroticksReadAccess _reads;
    private readonly CollectorIngestion _collector;
    private readonly ILogger _logger;

    public MicroticksRoutes(MicroticksIngestion ingestion, MicroticksReadAccess reads, CollectorIngestion collector)
    {
        _ingestion = ingestion;
        _reads = reads;
        _collector = collector;
        _logger = collector.Logger;
    }

    public Task SessionsAsync(HttpContext context) => DispatchAsync(context, ReadWriteMethods, _ingestion.StartSessionAsync, _reads.SessionsAsync);

    public Task EventsAsync(HttpContext context) => DispatchAsync(context, ReadWriteMethods, _ingestion.TrackEventAsync, _reads.EventsAsync);

    public Task StopAsync(HttpContext context) => DispatchAsync(context, WriteMethods, _ingestion.StopSessionAsync, null);

    private async Task DispatchAsync(HttpContext context, string methods, Func<HttpContext, Task> post, Func<HttpContext, Task>? get)
    {
        MicroticksCors.Apply(context);
        var method = context.Request.Method;
        if (HttpMethods.IsOptions(method))
        {
            MicroticksCors.Preflight(context, methods);
            return;
        }

        var handler = HttpMethods.IsPost(method) ? post : HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? get : null;
        if (handler is null)
        {
            context.Response.Headers.Allow = methods;
            await MicroticksResponses.ErrorAsync(context, StatusCodes.Status405MethodNotAllowed, "The method is not allowed for the requested URL.").ConfigureAwait(false);
            return;
        }

        try
        {
            await handler(context).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (!context.Response.HasStarted)
        {
            MicroticksLog.DatabaseFailed(_logger, ex, method, LogText.Escape(context.Request.Path.Value ?? "/"));
            await MicroticksResponses.UnavailableAsync(context, _collector.Options.RetryAfter, MicroticksResponses.DatabaseUnavailable).ConfigureAwait(false);
        }
    }
}
