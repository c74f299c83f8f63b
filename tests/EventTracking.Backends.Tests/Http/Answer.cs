using Microsoft.AspNetCore.Http;

namespace EventTracking.Tests.Http;

/// <summary>Scripted responses for the <see cref="TestCollector"/>.</summary>
internal static class Answer
{
    public static Func<HttpContext, Task> Status(int status, string? body = null, string? retryAfter = null) => async context =>
    {
        context.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        if (body is not null)
        {
            await context.Response.WriteAsync(body);
        }
    };

    /// <summary>Never answers; ends when the client gives up (or the server stops and aborts the connection).</summary>
    public static Func<HttpContext, Task> Hang() => async context =>
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    };

    /// <summary>Drops the connection without an answer, as a network failure would.</summary>
    public static Func<HttpContext, Task> Abort() => context =>
    {
        context.Abort();
        return Task.CompletedTask;
    };
}
