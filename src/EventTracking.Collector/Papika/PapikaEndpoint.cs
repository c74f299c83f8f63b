using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace EventTracking.Collector;

/// <summary>
/// The six Papika routes. Each takes the double-encoded envelope and checks, in this order: origin (403), body size
/// (413), envelope and <c>data</c> (400), what the route looks up (404), the per-client rate limit (429), then stores or
/// delivers; a store or delivery failure is 503 with <c>Retry-After</c>. Success is 200 with exactly the keys the
/// clients parse.
/// </summary>
internal sealed partial class PapikaEndpoint
{
    /// <summary>The value of the <c>collector_surface</c> context field of Papika's events.</summary>
    public const string Surface = "papika";

    private const string SessionEventName = "papika.session";

    /// <summary>The longest <c>username</c> or <c>library_revid</c> accepted, in UTF-16 code units (a git revision id is 41).</summary>
    private const int MaxNameLength = 256;

    private readonly CollectorIngestion _ingestion;
    private readonly PapikaStore _store;
    private readonly PapikaCors _cors;
    private readonly PapikaOptions _options;
    private readonly EventCollectorOptions _bodyLimits;
    private readonly Dictionary<Guid, int> _experiments;

    public PapikaEndpoint(CollectorIngestion ingestion, PapikaStore store, PapikaCors cors, IOptions<PapikaOptions> options)
    {
        _ingestion = ingestion;
        _store = store;
        _cors = cors;
        _options = options.Value;
        _experiments = _options.Experiments.ToDictionary(e => Guid.Parse(e.Key), e => e.Value);

        // Papika clients send their whole backlog in one request, so the body may be larger than the collector's other
        // routes allow; the shared reader takes its limits from an options object.
        _bodyLimits = new EventCollectorOptions
        {
            MaxRequestBodySize = _options.MaxRequestBodySize,
            MaxDecompressedBodySize = Math.Max(ingestion.Options.MaxDecompressedBodySize, _options.MaxRequestBodySize),
        };
    }

    public Task UserAsync(HttpContext context) => HandleAsync(context, FindOrCreateUserAsync);

    public Task GetDataAsync(HttpContext context) => HandleAsync(context, GetSaveDataAsync);

    public Task SetDataAsync(HttpContext context) => HandleAsync(context, SetSaveDataAsync);

    public Task ExperimentAsync(HttpContext context) => HandleAsync(context, AssignConditionAsync);

    public Task SessionAsync(HttpContext context) => HandleAsync(context, StartSessionAsync);

    public Task EventAsync(HttpContext context) => HandleAsync(context, LogEventsAsync);

    private static PapikaReply Refuse(PapikaError error) => PapikaReply.Problem(error);

    private async Task HandleAsync(HttpContext context, Func<PapikaRequest, Task<PapikaReply>> handle)
    {
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            await _cors.PreflightAsync(context).ConfigureAwait(false);
            return;
        }

        PapikaReply reply;
        try
        {
            reply = await ReplyAsync(context, handle).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
            return;
        }

        if (reply.Status != StatusCodes.Status200OK)
        {
            CollectorLog.Refused(_ingestion.Logger, Surface, CollectorIngestion.ClientAddress(context), reply.Status, $"{context.Request.Path}: {reply.Text}");
        }

        await reply.WriteAsync(context).ConfigureAwait(false);
    }

    private async Task<PapikaReply> ReplyAsync(HttpContext context, Func<PapikaRequest, Task<PapikaReply>> handle)
    {
        var fields = _ingestion.Fields(context, null, Surface);
        if (!_cors.Allow(context))
        {
            return Refuse(new PapikaError(StatusCodes.Status403Forbidden, "this origin may not call the Papika routes"));
        }

        var body = await RequestBodyReader.ReadAsync(context, _bodyLimits).ConfigureAwait(false);
        if (!body.IsRead)
        {
            return Refuse(new PapikaError(body.FailureStatus, body.Failure!));
        }

        if (PapikaEnvelope.TryParse(CollectorJson.WithoutByteOrderMark(body.Content), _ingestion.Options.MaxDepth, out var envelope) is { } envelopeError)
        {
            return Refuse(envelopeError);
        }

        using (envelope)
        {
            try
            {
                return await handle(new PapikaRequest(context, envelope!, fields)).ConfigureAwait(false);
            }
            catch (SqliteException ex)
            {
                PapikaLog.StoreFailed(_ingestion.Logger, ex, _options.StorePath);
                return PapikaReply.Unavailable("the Papika store is unavailable; nothing was changed, retry later", _ingestion.Options.RetryAfter);
            }
        }
    }

    /// <summary>The per-client rate limit, counted in events (a request that stores no event counts as one).</summary>
    private PapikaReply? RateLimited(PapikaRequest request, int events)
    {
        if (_ingestion.RateLimiter.TryAcquire(CollectorSurface.Papika, request.Fields.ClientAddress, [new(null, Math.Max(1, events))]) is not { } refusal)
        {
            return null;
        }

        return PapikaReply.Problem(
            new PapikaError(StatusCodes.Status429TooManyRequests, $"Rate limit exceeded: {refusal.Limit} events per {refusal.WindowText}."),
            refusal.RetryAfter);
    }

    private Task<bool> DeliverAsync(PapikaRequest request, IReadOnlyList<TrackingEvent> events) =>
        _ingestion.DeliverAsync(events, request.Fields, [new(null, events.Count)], request.Aborted);
}
