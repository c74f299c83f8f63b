using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace EventTracking.Collector;

/// <content>The routes of a session: starting one, and logging its events through the tracker's routing tree.</content>
internal sealed partial class PapikaEndpoint
{
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
        var libraryRevid = data.Name("library_revid", MaxNameLength);
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
}
