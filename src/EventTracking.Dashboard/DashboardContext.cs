using EventTracking.Reading;
using Microsoft.AspNetCore.Http;

namespace EventTracking.Dashboard;

/// <summary>What every dashboard endpoint shares: the options, the store and where the dashboard is mapped.</summary>
internal sealed class DashboardContext
{
    private int _openTails;

    public DashboardContext(EventTrackingDashboardOptions options, string prefix, DashboardReader reader)
    {
        Options = options;
        Prefix = prefix;
        Reader = reader;
    }

    public EventTrackingDashboardOptions Options { get; }

    /// <summary>The path the dashboard is mapped at, without a trailing slash (empty for the root).</summary>
    public string Prefix { get; }

    public DashboardReader Reader { get; }

    /// <summary>The dashboard's base URL path for links, with the application's path base.</summary>
    public string BasePath(HttpContext http) => http.Request.PathBase.Add(new PathString(Prefix)).Value ?? string.Empty;

    /// <summary>Takes a live-tail slot; <see langword="false"/> when <see cref="EventTrackingDashboardOptions.MaxTailConnections"/> are open.</summary>
    public bool TryOpenTail()
    {
        if (Interlocked.Increment(ref _openTails) <= Options.MaxTailConnections)
        {
            return true;
        }

        Interlocked.Decrement(ref _openTails);
        return false;
    }

    public void CloseTail() => Interlocked.Decrement(ref _openTails);

    /// <summary>The reader, or an answer explaining why there is none.</summary>
    public IEventReader? ReaderOrProblem(out IResult? problem)
    {
        var (reader, why) = Reader.Get();
        problem = reader is null ? Results.Problem(why, statusCode: StatusCodes.Status503ServiceUnavailable, title: "No event store to read") : null;
        return reader;
    }
}
