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
/// lose nothing. An <see cref="EventFollower"/> reads again from <see cref="EventTrackingDashboardOptions.TailLookback"/>
/// before the cursor, for events stored a moment after they were emitted.
/// </remarks>
internal sealed class TailStream
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    private readonly DashboardContext _dashboard;
    private readonly IEventReader _reader;
    private readonly TimeProvider _time;
    private readonly EventFilter _filter;

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

        var follower = new EventFollower(_reader, _filter, _dashboard.Options.TailLookback);
        await follower.StartAsync(after, cancellation).ConfigureAwait(false);
        await WriteAsync(response, $"retry: 1000\n: tail after {follower.Position?.ToString() ?? "the start"}\n\n", cancellation).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellation).ConfigureAwait(false);

        var lastWrite = _time.GetUtcNow();
        using var timer = new PeriodicTimer(_dashboard.Options.TailPollInterval, _time);
        while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false))
        {
            var events = await follower.PollAsync(cancellation).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            if (events.Count > 0)
            {
                var text = new StringBuilder();
                foreach (var evt in events)
                {
                    text.Append("id: ").Append(EventCursor.At(evt).ToString()).Append("\nevent: tracking\ndata: ").Append(EventJson.Serialize(evt)).Append("\n\n");
                }

                await WriteAsync(response, text.ToString(), cancellation).ConfigureAwait(false);
                await response.Body.FlushAsync(cancellation).ConfigureAwait(false);
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

    private static Task WriteAsync(HttpResponse response, string text, CancellationToken cancellation) =>
        response.WriteAsync(text, Encoding.UTF8, cancellation);
}
