using System.Net;

namespace EventTracking;

/// <summary>
/// A collector answered a batch with a status that retrying cannot fix (a 4xx other than 408 and 429): the batch is
/// not retryable and has been counted as dropped with reason <c>rejected</c>.
/// </summary>
/// <remarks>
/// Always logged by <see cref="HttpBackend"/>; thrown only when <see cref="HttpBackendOptions.ThrowOnRejected"/> is set.
/// </remarks>
public sealed class EventBatchRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="endpoint">The collector's URL.</param>
    /// <param name="statusCode">The status the collector answered.</param>
    /// <param name="responseBodyPrefix">The start of the response body, as text.</param>
    /// <param name="eventCount">How many events the rejected batch held.</param>
    public EventBatchRejectedException(Uri endpoint, HttpStatusCode statusCode, string responseBodyPrefix, int eventCount)
        : base($"The collector at {endpoint} rejected a batch of {eventCount} events with {(int)statusCode} {statusCode}: {LogText.Escape(responseBodyPrefix)}")
    {
        Endpoint = endpoint;
        StatusCode = statusCode;
        ResponseBodyPrefix = responseBodyPrefix;
        EventCount = eventCount;
    }

    /// <summary>The collector's URL.</summary>
    public Uri Endpoint { get; }

    /// <summary>The status the collector answered.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The first bytes (at most 512) of the response body, decoded as UTF-8; empty if there was none.</summary>
    public string ResponseBodyPrefix { get; }

    /// <summary>How many events the rejected batch held.</summary>
    public int EventCount { get; }
}
