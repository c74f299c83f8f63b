using System.Buffers;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EventTracking.Collector;

/// <summary>
/// Reads a request body into memory without ever holding more than the limits allow: the body as sent
/// (<see cref="EventCollectorOptions.MaxRequestBodySize"/>, also handed to the server so Kestrel enforces it) and, for
/// <c>Content-Encoding: gzip</c>, the decompressed body (<see cref="EventCollectorOptions.MaxDecompressedBodySize"/>),
/// so a small compressed body cannot expand without bound.
/// </summary>
/// <remarks>
/// The limit counts the body's own bytes, the same with <c>Content-Length</c> and with chunked transfer: Kestrel's
/// size limit would count a chunked body's chunk-size lines too, so it is handed the limit only for a body with a
/// <c>Content-Length</c>, and a chunked body is measured here as it is decoded.
/// </remarks>
internal static class RequestBodyReader
{
    private const int ChunkSize = 16 * 1024;

    /// <summary>Reads the body.</summary>
    /// <param name="context">The request.</param>
    /// <param name="options">The limits.</param>
    /// <param name="pooled">Whether to read into an array rented from the shared pool, which the caller gives back
    /// with <see cref="RequestBody.Release"/> once done with the content (the native route: its events copy what
    /// they keep).</param>
    public static async Task<RequestBody> ReadAsync(HttpContext context, EventCollectorOptions options, bool pooled = false)
    {
        var request = context.Request;
        var limit = options.MaxRequestBodySize;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            // Without a Content-Length, ReadCappedAsync stops one byte past the limit, so nothing unbounded is read.
            sizeFeature.MaxRequestBodySize = request.ContentLength is null ? null : limit;
        }

        if (request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || encoding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return RequestBody.Failed(StatusCodes.Status415UnsupportedMediaType, $"Content-Encoding '{encoding}' is not supported; send gzip or no encoding.");
        }

        byte[]? raw;
        int length;
        try
        {
            (raw, length) = await ReadCappedAsync(request.Body, limit, request.ContentLength, pooled, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel enforces the size limit itself while the body streams in.
            return ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge(limit)
                : RequestBody.Failed(StatusCodes.Status400BadRequest, "The request body could not be read.");
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            return RequestBody.Failed(StatusCodes.Status400BadRequest, "The request body could not be read.");
        }

        if (raw is null)
        {
            return TooLarge(limit);
        }

        if (!gzip)
        {
            return RequestBody.Read(raw.AsMemory(0, length), pooled ? raw : null);
        }

        try
        {
            using var input = new MemoryStream(raw, 0, length, writable: false);
            using var decompressor = new GZipStream(input, CompressionMode.Decompress);
            var (json, jsonLength) = await ReadCappedAsync(decompressor, options.MaxDecompressedBodySize, null, pooled, CancellationToken.None).ConfigureAwait(false);
            return json is null
                ? RequestBody.Failed(StatusCodes.Status413PayloadTooLarge, $"The decompressed request body is larger than {options.MaxDecompressedBodySize} bytes.")
                : RequestBody.Read(json.AsMemory(0, jsonLength), pooled ? json : null);
        }
        catch (InvalidDataException)
        {
            return RequestBody.Failed(StatusCodes.Status400BadRequest, "The request body is not valid gzip.");
        }
        finally
        {
            if (pooled)
            {
                ArrayPool<byte>.Shared.Return(raw);
            }
        }
    }

    private static RequestBody TooLarge(long limit) =>
        RequestBody.Failed(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {limit} bytes.");

    /// <summary>Reads the whole stream, or gives up as soon as it proves longer than <paramref name="limit"/>.</summary>
    /// <returns>The buffer and how much of it holds the body; a <see langword="null"/> buffer when over the limit.</returns>
    private static async Task<(byte[]? Buffer, int Length)> ReadCappedAsync(Stream stream, long limit, long? declaredLength, bool pooled, CancellationToken cancellationToken)
    {
        var initial = (int)Math.Min(Math.Max(declaredLength ?? ChunkSize, 1), Math.Min(limit + 1, int.MaxValue));
        var buffer = pooled ? ArrayPool<byte>.Shared.Rent(initial) : new byte[initial];
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        Give(ref buffer, pooled);
                        return (null, 0);
                    }

                    Grow(ref buffer, (int)Math.Min((long)buffer.Length * 2, Math.Min(limit + 1, int.MaxValue)), length, pooled);
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
                if (length > limit)
                {
                    Give(ref buffer, pooled);
                    return (null, 0);
                }
            }
        }
        catch
        {
            Give(ref buffer, pooled);
            throw;
        }
    }

    private static void Grow(ref byte[] buffer, int size, int length, bool pooled)
    {
        if (!pooled)
        {
            Array.Resize(ref buffer, size);
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }

    // Gives a rented buffer back once; the empty array left behind is never returned again.
    private static void Give(ref byte[] buffer, bool pooled)
    {
        if (pooled && buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        buffer = [];
    }
}
