using System.Text;
using Microsoft.AspNetCore.Http;

namespace EventTracking.Collector;

/// <summary>
/// The POST routes: <c>/sessions</c> starts a session, <c>/events</c> records an action in it, <c>/sessions/stop</c>
/// ends it. Fields are checked in the original's order and answered with its bodies; then the collector's rate limits
/// apply (per client address, and per consumer as the key), and each event goes through the tracker with acknowledged
/// delivery: success is answered only once every store has it, 503 otherwise.
/// </summary>
internal sealed class MicroticksIngestion
{
    private readonly CollectorIngestion _collector;
    private readonly MicroticksConsumers _consumers;
    private readonly MicroticksSessions _sessions;
    private readonly MicroticksEventNumbers _numbers;

    public MicroticksIngestion(CollectorIngestion collector, MicroticksConsumers consumers, MicroticksSessions sessions, MicroticksEventNumbers numbers)
    {
        _collector = collector;
        _consumers = consumers;
        _sessions = sessions;
        _numbers = numbers;
    }

    private EventCollectorOptions Limits => _collector.Options;

    /// <summary><c>POST /sessions</c> with <c>consumer_key</c> and <c>ts</c>: answers a new session's token.</summary>
    public async Task StartSessionAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        if (await ReadFormAsync(context).ConfigureAwait(false) is not { } form)
        {
            return;
        }

        if (form["consumer_key"] is not { } key)
        {
            await MissingAsync(context, "consumer_key").ConfigureAwait(false);
            return;
        }

        var consumer = await _consumers.FindByKeyAsync(key, aborted).ConfigureAwait(false);
        if (consumer is null || !consumer.IsActive)
        {
            await RefuseAsync(context, consumer is null ? "Invalid consumer_key" : "Consumer is not active.").ConfigureAwait(false);
            return;
        }

        if (form["ts"] is not { } ts)
        {
            await MissingAsync(context, "ts").ConfigureAwait(false);
            return;
        }

        if (MicroticksTimestamp.Describe(ts) is { } badTs)
        {
            await RefuseAsync(context, $"Invalid \"ts\": {badTs}").ConfigureAwait(false);
            return;
        }

        var fields = _collector.Fields(context, consumer.Name, MicroticksEvents.Surface);
        if (await RateLimitedAsync(context, fields).ConfigureAwait(false))
        {
            return;
        }

        var token = MicroticksKeys.NewSecret();
        var sessionId = await _sessions.ReserveAsync(consumer.Id, ts, fields.ReceivedAt, aborted).ConfigureAwait(false);
        if (!await DeliverAsync(context, MicroticksEvents.SessionStart(sessionId, consumer, token, ts, fields), fields).ConfigureAwait(false))
        {
            await _sessions.DiscardAsync(sessionId, CancellationToken.None).ConfigureAwait(false);
            await MicroticksResponses.UnavailableAsync(context, Limits.RetryAfter).ConfigureAwait(false);
            return;
        }

        // The start is stored: open the session even if the client has gone, so the store and the table agree.
        await _sessions.OpenAsync(sessionId, token, CancellationToken.None).ConfigureAwait(false);
        await MicroticksResponses.TokenAsync(context, token).ConfigureAwait(false);
    }

    /// <summary><c>POST /events</c> with <c>token</c>, <c>action</c>, <c>data</c> and <c>ts</c>: answers the event's number.</summary>
    public async Task TrackEventAsync(HttpContext context)
    {
        if (await ReadFormAsync(context).ConfigureAwait(false) is not { } form)
        {
            return;
        }

        if (form.FirstMissing("token", "action", "data", "ts") is { } missing)
        {
            await MissingAsync(context, missing).ConfigureAwait(false);
            return;
        }

        var (token, action, data, ts) = (form["token"]!, form["action"]!, form["data"]!, form["ts"]!);
        if (await FindOpenSessionAsync(context, token).ConfigureAwait(false) is not { } session
            || await RefuseActionAsync(context, action, data, ts).ConfigureAwait(false))
        {
            return;
        }

        var fields = _collector.Fields(context, session.ConsumerName, MicroticksEvents.Surface);
        if (await RateLimitedAsync(context, fields).ConfigureAwait(false))
        {
            return;
        }

        var id = MicroticksEvents.ActionId(session, token, action, data, ts, fields);
        var number = await _numbers.NumberAsync(id, session.Id, context.RequestAborted).ConfigureAwait(false);
        var evt = MicroticksEvents.Action(id, number, session, action, MicroticksData.Parse(data, Limits.MaxDepth), ts, fields);
        if (!await DeliverAsync(context, evt, fields).ConfigureAwait(false))
        {
            await MicroticksResponses.UnavailableAsync(context, Limits.RetryAfter).ConfigureAwait(false);
            return;
        }

        await MicroticksResponses.EventIdAsync(context, number).ConfigureAwait(false);
    }

    /// <summary><c>POST /sessions/stop</c> with <c>ts</c> and <c>token</c>: ends the session.</summary>
    public async Task StopSessionAsync(HttpContext context)
    {
        if (await ReadFormAsync(context).ConfigureAwait(false) is not { } form)
        {
            return;
        }

        if (form.FirstMissing("ts", "token") is { } missing)
        {
            await MissingAsync(context, missing).ConfigureAwait(false);
            return;
        }

        var (ts, token) = (form["ts"]!, form["token"]!);
        if (await FindOpenSessionAsync(context, token).ConfigureAwait(false) is not { } session)
        {
            return;
        }

        if (MicroticksTimestamp.Describe(ts) is { } badTs)
        {
            await RefuseAsync(context, $"Invalid \"ts\": {badTs}").ConfigureAwait(false);
            return;
        }

        var fields = _collector.Fields(context, session.ConsumerName, MicroticksEvents.Surface);
        if (await RateLimitedAsync(context, fields).ConfigureAwait(false))
        {
            return;
        }

        if (!await DeliverAsync(context, MicroticksEvents.SessionStop(session, token, ts, fields), fields).ConfigureAwait(false))
        {
            await MicroticksResponses.UnavailableAsync(context, Limits.RetryAfter).ConfigureAwait(false);
            return;
        }

        if (!await _sessions.StopAsync(session.Id, ts, CancellationToken.None).ConfigureAwait(false))
        {
            // Another stop of the same session won the race; its stop event has the same id when the ts is the same.
            await SessionRefusedAsync(context, "Session was already stopped.").ConfigureAwait(false);
            return;
        }

        await MicroticksResponses.OkAsync(context).ConfigureAwait(false);
    }

    private async Task<MicroticksForm?> ReadFormAsync(HttpContext context)
    {
        var form = await MicroticksForm.ReadAsync(context, Limits).ConfigureAwait(false);
        if (form.Failure is not { } failure)
        {
            return form;
        }

        Refused(context, form.FailureStatus, failure);
        await MicroticksResponses.ErrorAsync(context, form.FailureStatus, failure).ConfigureAwait(false);
        return null;
    }

    private async Task<MicroticksSession?> FindOpenSessionAsync(HttpContext context, string token)
    {
        var session = await _sessions.FindAsync(token, context.RequestAborted).ConfigureAwait(false);
        if (session is { IsStopped: false })
        {
            return session;
        }

        await SessionRefusedAsync(context, session is null ? "Could not find session" : "Session was already stopped.").ConfigureAwait(false);
        return null;
    }

    /// <summary>Checks what the original did not: reserved names, the collector's limits and a <c>ts</c> fit to keep. Answers and returns true when refused.</summary>
    private async Task<bool> RefuseActionAsync(HttpContext context, string action, string data, string ts)
    {
        var reason = action.StartsWith(MicroticksEvents.ReservedPrefix, StringComparison.OrdinalIgnoreCase)
            ? $"Invalid \"action\": names starting with \"{MicroticksEvents.ReservedPrefix}\" are reserved"
            : action.Length > Limits.MaxNameLength
                ? $"Invalid \"action\": longer than {Limits.MaxNameLength} characters"
                : EventNames.Describe(action) is { } badName
                    ? $"Invalid \"action\": {badName}"
                    : Encoding.UTF8.GetByteCount(data) > Limits.MaxEventSize
                        ? $"Invalid \"data\": larger than {Limits.MaxEventSize} bytes"
                        : MicroticksTimestamp.Describe(ts) is { } badTs
                            ? $"Invalid \"ts\": {badTs}"
                            : null;
        if (reason is null)
        {
            return false;
        }

        await RefuseAsync(context, reason).ConfigureAwait(false);
        return true;
    }

    /// <summary>One event against the client's bucket and the consumer's (the consumer is the key). Answers 429 when refused.</summary>
    private async Task<bool> RateLimitedAsync(HttpContext context, CollectorFields fields)
    {
        if (_collector.RateLimiter.TryAcquire(CollectorSurface.Microticks, fields.ClientAddress, [new(fields.KeyName, 1)]) is not { } refusal)
        {
            return false;
        }

        Refused(context, StatusCodes.Status429TooManyRequests, "rate limit");
        await MicroticksResponses.RateLimitedAsync(context, refusal, refusal.WindowText).ConfigureAwait(false);
        return true;
    }

    private Task<bool> DeliverAsync(HttpContext context, TrackingEvent evt, CollectorFields fields) =>
        _collector.DeliverAsync([evt], fields, [new(fields.KeyName, 1)], context.RequestAborted);

    private Task MissingAsync(HttpContext context, string field)
    {
        Refused(context, StatusCodes.Status400BadRequest, $"no \"{field}\"");
        return MicroticksResponses.MissingFieldAsync(context, field);
    }

    private Task RefuseAsync(HttpContext context, string error)
    {
        Refused(context, StatusCodes.Status400BadRequest, error);
        return MicroticksResponses.ErrorAsync(context, StatusCodes.Status400BadRequest, error);
    }

    private Task SessionRefusedAsync(HttpContext context, string description)
    {
        Refused(context, StatusCodes.Status400BadRequest, description);
        return MicroticksResponses.DescriptionAsync(context, StatusCodes.Status400BadRequest, description, StatusCodes.Status400BadRequest);
    }

    private void Refused(HttpContext context, int status, string reason) =>
        CollectorLog.Refused(_collector.Logger, MicroticksEvents.Surface, CollectorIngestion.ClientAddress(context), status, reason);
}
