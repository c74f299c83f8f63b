using System.Net;
using System.Net.Http.Headers;

namespace EventTracking.AspNetCore.Tests.Collector.Attolytics;

/// <summary>A JSON body whose length is not announced, so HttpClient sends it chunked.</summary>
internal sealed class ChunkedContent : HttpContent
{
    private readonly byte[] _bytes;

    public ChunkedContent(byte[] bytes)
    {
        _bytes = bytes;
        Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
