using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace EventTracking.AspNetCore;

/// <summary>
/// The six Papika routes. Each takes the double-encoded envelope and checks, in this order: origin (403), body size
/// (413), envelope and <c>data</c> (400), what the route looks up (404), the per-client rate limit (429), then stores or
/// delivers; a store or delivery failure is 503 with <c>Retry-After</c>. Success is 200 with exactly the keys the
/// clients parse.
/// </summary>
internal sealed class PapikaEndpoint
{
    /// <summary>The value of the <c>collector_surface</c> context field of Papika's events.</summary>
    public const string Surface = "papika";

    private const string SessionEventName = "papika.session";

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
        if (_ingestion.RateLimiter.TryAcquire(request.Fields.ClientAddress, [new(null, Math.Max(1, events))]) is not { } refusal)
        {
            return null;
        }

        return PapikaReply.Problem(
            new PapikaError(StatusCodes.Status429TooManyRequests, $"Rate limit exceeded: {refusal.Limit} events per {_ingestion.RateLimiter.WindowText}."),
            refusal.RetryAfter);
    }

    /// <summary><c>/api/user</c>: <c>{username}</c> → the user's id, created when the name is new.</summary>
    private async Task<PapikaReply> FindOrCreateUserAsync(PapikaRequest request)
    {
        var data = request.Data();
        var username = data.String("username");
        if (data.Error is { } error)
        {
            return Refuse(error);
        }

        return RateLimited(request, 0)
            ?? PapikaReply.UserId(await _store.FindOrCreateUserAsync(username, request.Aborted).ConfigureAwait(false));
    }

    /// <summary><c>/api/user/get_data</c>: <c>{id}</c> → the user's save data.</summary>
    private async Task<PapikaReply> GetSaveDataAsync(PapikaRequest request)
    {
        var data = request.Data();
        var userId = data.Uuid("id");
        if (data.Error is { } error)
        {
            return Refuse(error);
        }

        if (RateLimited(request, 0) is { } limited)
        {
            return limited;
        }

        var (found, saveData) = await _store.GetSaveDataAsync(userId, request.Aborted).ConfigureAwait(false);
        return found ? PapikaReply.SaveData(userId, saveData) : Refuse(PapikaError.NotFound("unknown user"));
    }

    /// <summary><c>/api/user/set_data</c>: <c>{id, savedata}</c> → replaces the user's save data.</summary>
    private async Task<PapikaReply> SetSaveDataAsync(PapikaRequest request)
    {
        var data = request.Data();
        var userId = data.Uuid("id");
        var saveData = data.NullableString("savedata");
        if (data.Error is { } error)
        {
            return Refuse(error);
        }

        if (RateLimited(request, 0) is { } limited)
        {
            return limited;
        }

        return await _store.SetSaveDataAsync(userId, saveData, request.Aborted).ConfigureAwait(false)
            ? PapikaReply.Success()
            : Refuse(PapikaError.NotFound("unknown user"));
    }

    /// <summary><c>/api/experiment</c>: <c>{user_id, experiment_id}</c> → a random condition the first time, the same one after.</summary>
    private async Task<PapikaReply> AssignConditionAsync(PapikaRequest request)
    {
        var data = request.Data();
        var userId = data.Uuid("user_id");
        var experimentId = data.Uuid("experiment_id");
        if (data.Error is { } error)
        {
            return Refuse(error);
        }

        if (!_experiments.TryGetValue(experimentId, out var conditions))
        {
            return Refuse(PapikaError.NotFound("unknown experiment"));
        }

        if (RateLimited(request, 0) is { } limited)
        {
            return limited;
        }

        var candidate = Random.Shared.Next(1, conditions + 1);
        return PapikaReply.Condition(await _store.AssignConditionAsync(userId, experimentId, candidate, request.Aborted).ConfigureAwait(false));
    }

    /// <summary>
    /// <c>/api/session</c>: <c>{user_id, client_time, library_revid, detail}</c> with the envelope's <c>release</c> → a new
    /// session id and key. The session's start is delivered as a <c>papika.session</c> event before the answer.
    /// </summary>
    private async Task<PapikaReply> StartSessionAsync(PapikaRequest request)
    {
        if (request.Envelope.Release is not { } release)
        {
            return Refuse(PapikaError.BadRequest("missing field 'release'"));
        }

        if (!PapikaFieldReader.TryParseUuid(release, out var releaseId))
        {
            return Refuse(PapikaError.BadRequest("'release' is not a UUID"));
        }

        var data = request.Data();
        var userId = data.Uuid("user_id");
        var (_, clientTime) = data.ClientTime();
        var libraryRevid = data.String("library_revid");
        var detail = data.String("detail");
        if (data.Error is { } error)
        {
            return Refuse(error);
        }

        if (RateLimited(request, 1) is { } limited)
        {
            return limited;
        }

        var session = new PapikaSession(Guid.NewGuid(), RandomNumberGenerator.GetHexString(64, lowercase: true), userId, releaseId, libraryRevid);
        await _store.CreateSessionAsync(session, request.Aborted).ConfigureAwait(false);
        var start = PapikaEventData.Create(
            PapikaEventIds.ForSession(session.Id),
            SessionEventName,
            request.Fields.ReceivedAt,
            PapikaEventData.Context(session, clientTime, request.Fields),
            detail,
            _ingestion.Options.MaxDepth);

        // A session whose start could not be stored is never handed out; its row stays behind, unused.
        return await DeliverAsync(request, [start]).ConfigureAwait(false)
            ? PapikaReply.Session(session.Id, session.Key)
            : PapikaReply.Unavailable("the session could not be stored; retry later", _ingestion.Options.RetryAfter);
    }

    /// <summary><c>/api/event</c>: a list of events with the envelope's <c>session</c> → all stored, or none.</summary>
    private async Task<PapikaReply> LogEventsAsync(PapikaRequest request)
    {
        var envelope = request.Envelope;
        if (envelope.Session is not { } sessionText)
        {
            return Refuse(PapikaError.BadRequest("missing field 'session'"));
        }

        if (!PapikaFieldReader.TryParseUuid(sessionText, out var sessionId))
        {
            return Refuse(PapikaError.BadRequest("'session' is not a UUID"));
        }

        var session = await _store.FindSessionAsync(sessionId, request.Aborted).ConfigureAwait(false);
        if (session is null)
        {
            return Refuse(PapikaError.NotFound("unknown session"));
        }

        if (_options.VerifyChecksum && !PapikaChecksum.Matches(envelope.Data, session.Key, envelope.Checksum))
        {
            return Refuse(new PapikaError(StatusCodes.Status403Forbidden, "the checksum does not match the data and the session key"));
        }

        if (PapikaEventBatch.Read(envelope.Payload, _options.MaxBatchSize, out var batch) is { } batchError)
        {
            return Refuse(batchError);
        }

        if (RateLimited(request, batch.Count) is { } limited)
        {
            return limited;
        }

        var events = batch.Select(e => PapikaEventBatch.ToTrackingEvent(e, session, request.Fields, _ingestion.Options.MaxDepth)).ToList();
        return await DeliverAsync(request, events).ConfigureAwait(false)
            ? PapikaReply.Success()
            : PapikaReply.Unavailable("the events could not be stored; nothing was acknowledged, send the same batch again later", _ingestion.Options.RetryAfter);
    }

    private Task<bool> DeliverAsync(PapikaRequest request, IReadOnlyList<TrackingEvent> events) =>
        _ingestion.DeliverAsync(events, request.Fields, [new(null, events.Count)], request.Aborted);
}
