using Microsoft.AspNetCore.Http;

namespace EventTracking.Collector;

/// <summary>Why a Papika request was refused: the status and a short reason for the client.</summary>
internal sealed record PapikaError(int Status, string Reason)
{
    public static PapikaError BadRequest(string reason) => new(StatusCodes.Status400BadRequest, reason);

    public static PapikaError NotFound(string reason) => new(StatusCodes.Status404NotFound, reason);

    /// <summary>The same error, said of one event of a batch.</summary>
    public PapikaError AtEvent(int index) => this with { Reason = $"event {index}: {Reason}" };
}
