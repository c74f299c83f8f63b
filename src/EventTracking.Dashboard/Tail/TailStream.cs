using System.Text;
using EventTracking.Reading;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EventTracking.Dashboard.Tail;

/// <summary>
/// One open live tail: Server-Sent Events of the events stored after the cursor, read from the store every poll while
/// the browser stays connected. Nothing happens on <c>Emit</c>: the cost is one read per poll per open tail, and none
/// when no tail is open.
/// </summary>
/// <remarks>
/// Each message is <c>id: cursor</c>, <c>event: tracking</c>, <c>data: canonical JSON</c>. A browser that reconnects
/// sends the last id as <c>Last-Event-ID</c> (or the page passes <c>after</c>), so a pause and a dropped connection
/// lose nothing. Because events are ordered by the time they were emitted and may be stored a moment later, each poll
/// reads again from <see cref="EventTrackingDashboardOptions.TailLookback"/> before the cursor and skips ids already sent.
/// </remarks>
internal sealed class TailStream
{
    private const int PageSize = 500;
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    private readonly DashboardContext _dashboard;
    private readonly IEventReader _reader;
    private readonly TimeProvider _time;
    private readonly EventFilter _filter;
    private readonly Dictionary<Guid, DateTimeOffset> _sent = [];

    public TailStream(DashboardContext dashboard, IEventReader reader, TimeProvider time, EventFilter filter)
    {
        _dashboard = dashboard;
        _reader = reader;
        _time = time;
        _filter = filter;
    }

    /// <summary>A name filter from the page: <c>a.b</c> exactly, or <c>a.*</c> for a prefix.</summary>
    public static EventFilter Filter(string? name) => name switch
    {
        null => EventFilter.All,
        _ when name.EndsWith('*') && name.Length > 1 => new EventFilter { NamePrefix = name[..^1] },
        _ when name.EndsWith('*') => EventFilter.All,
        _ => new EventFilter { Name = name },
    };

    public async Task RunAsync(HttpContext http, EventCursor? after)
    {
        var response = http.Response;
        var cancellation = http.RequestAborted;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var watermark = after ?? await NewestAsync(cancellation).ConfigureAwait(false);
        await WriteAsync(response, $"retry: 1000\n: tail from {watermark?.ToString() ?? "the start"}\n\n", cancellation).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellation).ConfigureAwait(false);
        if (watermark is { } start)
        {
            // What was stored before the page asked is not news: remember it so the lookback does not send it.
            await PollAsync(null, start, cancellation).ConfigureAwait(false);
        }

        var lastWrite = _time.GetUtcNow();
        using var timer = new PeriodicTimer(_dashboard.Options.TailPollInterval, _time);
        while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false))
        {
            var (sent, newest) = await PollAsync(response, watermark, cancellation).ConfigureAwait(false);
            watermark = newest ?? watermark;
            var now = _time.GetUtcNow();
            if (sent > 0)
            {
                lastWrite = now;
            }
            else if (now - lastWrite >= Heartbeat)
            {
                await WriteAsync(response, ": ping\n\n", cancellation).ConfigureAwait(false);
                await response.Body.FlushAsync(cancellation).ConfigureAwait(false);
                lastWrite = now;
            }
        }
    }

    // Reads from the lookback before the watermark; sends (or, with no response, only remembers) what was not sent yet.
    private async Task<(int Sent, EventCursor? Newest)> PollAsync(HttpResponse? response, EventCursor? watermark, CancellationToken cancellation)
    {
        var from = watermark is { } w ? w.Timestamp - _dashboard.Options.TailLookback : (DateTimeOffset?)null;
        var query = new EventReadQuery { Filter = _filter with { From = from }, Order = EventOrder.OldestFirst, Limit = PageSize };
        var sent = 0;
        EventCursor? newest = null;
        var text = new StringBuilder();
        while (true)
        {
            var page = await _reader.ReadAsync(query, cancellation).ConfigureAwait(false);
            foreach (var evt in page.Events)
            {
                var cursor = EventCursor.At(evt);
                if (response is not null || watermark is not { } bound || cursor <= bound)
                {
                    newest = newest is { } n && n > cursor ? n : cursor;
                }

                if ((response is null && watermark is { } limit && cursor > limit) || !_sent.TryAdd(evt.Id, cursor.Timestamp))
                {
                    continue;
                }

                if (response is not null)
                {
                    text.Append("id: ").Append(cursor.ToString()).Append("\nevent: tracking\ndata: ").Append(EventJson.Serialize(evt)).Append("\n\n");
                    sent++;
                }
            }

            if (page.Next is null)
            {
                break;
            }

            query = query with { After = page.Next };
        }

        if (response is not null && text.Length > 0)
        {
            await WriteAsync(response, text.ToString(), cancellation).ConfigureAwait(false);
            await response.Body.FlushAsync(cancellation).ConfigureAwait(false);
        }

        Forget(newest ?? watermark);
        return (sent, newest);
    }

    private void Forget(EventCursor? watermark)
    {
        if (watermark is not { } w || _sent.Count < 1024)
        {
            return;
        }

        var horizon = w.Timestamp - _dashboard.Options.TailLookback;
        foreach (var (id, timestamp) in _sent)
        {
            if (timestamp < horizon)
            {
                _sent.Remove(id);
            }
        }
    }

    private async Task<EventCursor?> NewestAsync(CancellationToken cancellation)
    {
        var page = await _reader.ReadAsync(new EventReadQuery { Filter = _filter, Limit = 1 }, cancellation).ConfigureAwait(false);
        return page.Events.Count == 0 ? null : EventCursor.At(page.Events[0]);
    }

    private static Task WriteAsync(HttpResponse response, string text, CancellationToken cancellation) =>
        response.WriteAsync(text, Encoding.UTF8, cancellation);
}
