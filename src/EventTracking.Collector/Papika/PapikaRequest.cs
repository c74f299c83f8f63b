using Microsoft.AspNetCore.Http;

namespace EventTracking.Collector;

/// <summary>One Papika request whose envelope has been read: the HTTP context, the envelope, and the collector's fields for it.</summary>
internal sealed record PapikaRequest(HttpContext Context, PapikaEnvelope Envelope, CollectorFields Fields)
{
    /// <summary>A reader of the fields of <c>data</c>, which must be a JSON object.</summary>
    public PapikaFieldReader Data() => new(Envelope.Payload, "'data'");

    public CancellationToken Aborted => Context.RequestAborted;
}
