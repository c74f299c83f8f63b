using EventTracking.Dashboard.Pages;
using EventTracking.Reading;
using Microsoft.AspNetCore.Http;

namespace EventTracking.Dashboard.Tail;

/// <summary><c>GET /tail/stream?name=…&amp;after=…</c>: checks the request, takes a tail slot and runs a <see cref="TailStream"/>.</summary>
internal static class TailEndpoint
{
    public static async Task RunAsync(HttpContext http, DashboardContext dashboard, TimeProvider time)
    {
        HtmlResult.SetSecurityHeaders(http.Response);
        var reader = dashboard.ReaderOrProblem(out var problem);
        if (reader is null)
        {
            await problem!.ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        EventCursor? after = null;
        var token = DashboardFilterParser.Text(http.Request.Query, "after") ?? (http.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } last ? last : null);
        if (token is not null)
        {
            if (!EventCursor.TryParse(token, out var cursor))
            {
                await Results.Problem($"after '{token}' is not a cursor from this dashboard.", statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(http).ConfigureAwait(false);
                return;
            }

            after = cursor;
        }

        if (!dashboard.TryOpenTail())
        {
            http.Response.Headers.RetryAfter = "10";
            await Results.Problem(
                $"{dashboard.Options.MaxTailConnections} live tails are open already; close one or raise MaxTailConnections.",
                statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        try
        {
            var stream = new TailStream(dashboard, reader, time, TailStream.Filter(DashboardFilterParser.Text(http.Request.Query, "name")));
            await stream.RunAsync(http, after).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The browser went away or paused: the normal end of a tail.
        }
        finally
        {
            dashboard.CloseTail();
        }
    }
}
