using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EventTracking.AspNetCore;

/// <summary>
/// Reads the request body into memory, never more than <see cref="MaxBodySize"/> (Attolytics' JSON limit, 32 KiB); a
/// larger body is refused with 413 as soon as it proves larger, from its Content-Length or while it streams in.
/// </summary>
internal static class AttolyticsBodyReader
{
    public const int MaxBodySize = 32 * 1024;

    /// <summary>Reads the body; exactly one of the results is set.</summary>
    public static async Task<(ReadOnlyMemory<byte>? Body, AttolyticsRefusal? Refusal)> ReadAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = MaxBodySize;
        }

        if (context.Request.ContentLength > MaxBodySize)
        {
            return (null, TooLarge);
        }

        var buffer = new byte[MaxBodySize + 1];
        var length = 0;
        try
        {
            int read;
            while (length < buffer.Length
                && (read = await context.Request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                length += read;
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            return (null, new AttolyticsRefusal(StatusCodes.Status400BadRequest, "The request body could not be read."));
        }

        return length > MaxBodySize ? (null, TooLarge) : (buffer.AsMemory(0, length), null);
    }

    private static AttolyticsRefusal TooLarge { get; } =
        new(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {MaxBodySize} bytes.");
}
