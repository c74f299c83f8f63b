using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace EventTracking.AspNetCore;

/// <summary>
/// The six Papika routes. Each takes the double-encoded envelope and checks, in this order: origin (403), body size
/// (413), envelope and <c>data</c> (400), what the route looks up (404), then stores or delivers; a store or delivery
/// failure is 503 with <c>Retry-After</c>. Success is 200 with exactly the keys the clients parse.
/// </summary>
internal sealed class PapikaEndpoint
{
    private const string SessionEventName = "papika.session";

    private readonly PapikaIngestion _ingestion;
    private readonly PapikaStore _store;
    private readonly PapikaCors _cors;
    private readonly PapikaOptions _options;
    private readonly Dictionary<Guid, int> _experiments;

    public PapikaEndpoint(PapikaIngestion ingestion, PapikaStore store, PapikaCors cors, IOptions<PapikaOptions> options)
    {
        _ingestion = ingestion;
        _store = store;
        _cors = cors;
        _options = options.Value;
        _experiments = _options.Experiments.ToDictionary(e => Guid.Parse(e.Key), e => e.Value);
    }

    public Task UserAsync(HttpContext context) => HandleAsync(context, FindOrCreateUserAsync);

    public Task GetDataAsync(HttpContext context) => HandleAsync(context, GetSaveDataAsync);

    public Task SetDataAsync(HttpContext context) => HandleAsync(context, SetSaveDataAsync);

    public Task ExperimentAsync(HttpContext context) => HandleAsync(context, AssignConditionAsync);

    public Task SessionAsync(HttpContext context) => HandleAsync(context, StartSessionAsync);

    public Task EventAsync(HttpContext context) => HandleAsync(context, LogEventsAsync);

    private static PapikaReply Refuse(PapikaError error) => PapikaReply.Problem(error);

    private async Task HandleAsync(HttpContext context, Func<HttpContext, PapikaEnvelope, Task<PapikaReply>> handle)
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
            PapikaLog.Refused(_ingestion.Logger, context.Request.Path, PapikaIngestion.ClientAddress(context), reply.Status, reply.Text);
        }

        await reply.WriteAsync(context).ConfigureAwait(false);
    }

    private async Task<PapikaReply> ReplyAsync(HttpContext context, Func<HttpContext, PapikaEnvelope, Task<PapikaReply>> handle)
    {
        if (!_cors.Allow(context))
        {
            return Refuse(new PapikaError(StatusCodes.Status403Forbidden, "this origin may not call the Papika routes"));
        }

        var (body, bodyError) = await PapikaIngestion.ReadBodyAsync(context, _options.MaxRequestBodySize).ConfigureAwait(false);
        if (bodyError is not null)
        {
            return Refuse(bodyError);
        }

        if (PapikaEnvelope.TryParse(body, PapikaIngestion.MaxDepth, out var envelope) is { } envelopeError)
        {
            return Refuse(envelopeError);
        }

        using (envelope)
        {
            try
            {
                return await handle(context, envelope!).ConfigureAwait(false);
            }
            catch (SqliteException ex)
            {
                PapikaLog.StoreFailed(_ingestion.Logger, ex, _options.StorePath);
                return PapikaReply.Unavailable("the Papika store is unavailable; nothing was changed, retry later");
            }
        }
    }

    /// <summary><c>/api/user</c>: <c>{username}</c> → the user's id, created when the name is new.</summary>
    private async Task<PapikaReply> FindOrCreateUserAsync(HttpContext context, PapikaEnvelope envelope)
    {
        var fields = new PapikaFieldReader(envelope.Payload, "'data'");
        var username = fields.String("username");
        if (fields.Error is { } error)
        {
            return Refuse(error);
        }

        return PapikaReply.UserId(await _store.FindOrCreateUserAsync(username, context.RequestAborted).ConfigureAwait(false));
    }

    /// <summary><c>/api/user/get_data</c>: <c>{id}</c> → the user's save data.</summary>
    private async Task<PapikaReply> GetSaveDataAsync(HttpContext context, PapikaEnvelope envelope)
    {
        var fields = new PapikaFieldReader(envelope.Payload, "'data'");
        var userId = fields.Uuid("id");
        if (fields.Error is { } error)
        {
            return Refuse(error);
        }

        var (found, saveData) = await _store.GetSaveDataAsync(userId, context.RequestAborted).ConfigureAwait(false);
        return found ? PapikaReply.SaveData(userId, saveData) : Refuse(PapikaError.NotFound("unknown user"));
    }

    /// <summary><c>/api/user/set_data</c>: <c>{id, savedata}</c> → replaces the user's save data.</summary>
    private async Task<PapikaReply> SetSaveDataAsync(HttpContext context, PapikaEnvelope envelope)
    {
        var fields = new PapikaFieldReader(envelope.Payload, "'data'");
        var userId = fields.Uuid("id");
        var saveData = fields.NullableString("savedata");
        if (fields.Error is { } error)
        {
            return Refuse(error);
        }

        return await _store.SetSaveDataAsync(userId, saveData, context.RequestAborted).ConfigureAwait(false)
            ? PapikaReply.Success()
            : Refuse(PapikaError.NotFound("unknown user"));
    }

    /// <summary><c>/api/experiment</c>: <c>{user_id, experiment_id}</c> → a random condition the first time, the same one after.</summary>
    private async Task<PapikaReply> AssignConditionAsync(HttpContext context, PapikaEnvelope envelope)
    {
        var fields = new PapikaFieldReader(envelope.Payload, "'data'");
        var userId = fields.Uuid("user_id");
        var experimentId = fields.Uuid("experiment_id");
        if (fields.Error is { } error)
        {
            return Refuse(error);
        }

        if (!_experiments.TryGetValue(experimentId, out var conditions))
        {
            return Refuse(PapikaError.NotFound("unknown experiment"));
        }

        var candidate = Random.Shared.Next(1, conditions + 1);
        return PapikaReply.Condition(await _store.AssignConditionAsync(userId, experimentId, candidate, context.RequestAborted).ConfigureAwait(false));
    }

    /// <summary>
    /// <c>/api/session</c>: <c>{user_id, client_time, library_revid, detail}</c> with the envelope's <c>release</c> → a new
    /// session id and key. The session's start is delivered as a <c>papika.session</c> event before the answer.
    /// </summary>
    private async Task<PapikaReply> StartSessionAsync(HttpContext context, PapikaEnvelope envelope)
    {
        if (envelope.Release is null)
        {
            return Refuse(PapikaError.BadRequest("missing field 'release'"));
        }

        if (!PapikaFieldReader.TryParseUuid(envelope.Release, out var releaseId))
        {
            return Refuse(PapikaError.BadRequest("'release' is not a UUID"));
        }

        var fields = new PapikaFieldReader(envelope.Payload, "'data'");
        var userId = fields.Uuid("user_id");
        var (_, clientTime) = fields.ClientTime();
        var libraryRevid = fields.String("library_revid");
        var detail = fields.String("detail");
        if (fields.Error is { } error)
        {
            return Refuse(error);
        }

        var session = new PapikaSession(Guid.NewGuid(), RandomNumberGenerator.GetHexString(64, lowercase: true), userId, releaseId, libraryRevid);
        await _store.CreateSessionAsync(session, context.RequestAborted).ConfigureAwait(false);

        var collectorFields = _ingestion.Fields(context);
        var start = PapikaEventData.Create(
            PapikaEventIds.ForSession(session.Id),
            SessionEventName,
            collectorFields.ReceivedAt,
            PapikaEventData.Context(session, clientTime, collectorFields),
            detail,
            PapikaIngestion.MaxDepth);

        // A session whose start could not be stored is never handed out; its row stays behind, unused.
        return await _ingestion.DeliverAsync([start], collectorFields, context.RequestAborted).ConfigureAwait(false)
            ? PapikaReply.Session(session.Id, session.Key)
            : PapikaReply.Unavailable("the session could not be stored; retry later");
    }

    /// <summary><c>/api/event</c>: a list of events with the envelope's <c>session</c> → all stored, or none.</summary>
    private async Task<PapikaReply> LogEventsAsync(HttpContext context, PapikaEnvelope envelope)
    {
        if (envelope.Session is null)
        {
            return Refuse(PapikaError.BadRequest("missing field 'session'"));
        }

        if (!PapikaFieldReader.TryParseUuid(envelope.Session, out var sessionId))
        {
            return Refuse(PapikaError.BadRequest("'session' is not a UUID"));
        }

        var session = await _store.FindSessionAsync(sessionId, context.RequestAborted).ConfigureAwait(false);
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

        var fields = _ingestion.Fields(context);
        var events = batch.Select(e => PapikaEventBatch.ToTrackingEvent(e, session, fields, PapikaIngestion.MaxDepth)).ToList();
        return await _ingestion.DeliverAsync(events, fields, context.RequestAborted).ConfigureAwait(false)
            ? PapikaReply.Success()
            : PapikaReply.Unavailable("the events could not be stored; nothing was acknowledged, send the same batch again later");
    }
}
