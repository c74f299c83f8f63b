using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EventTracking.AspNetCore;

/// <summary>
/// The fields of a POST, read as Flask's <c>request.form</c> reads them: from a <c>application/x-www-form-urlencoded</c>
/// or <c>multipart/form-data</c> body, and none at all from any other body (so a JSON body makes every field look
/// missing). The body is read within <see cref="MicroticksOptions.MaxRequestBodySize"/> before it is parsed.
/// </summary>
internal sealed class MicroticksForm
{
    private const int ChunkSize = 8 * 1024;

    private readonly IFormCollection _values;

    private MicroticksForm(IFormCollection values, int failureStatus, string? failure)
    {
        _values = values;
        FailureStatus = failureStatus;
        Failure = failure;
    }

    /// <summary>Why the body could not be read, or <see langword="null"/>.</summary>
    public string? Failure { get; }

    public int FailureStatus { get; }

    /// <summary>The first value of the field, <c>""</c> when it is sent empty, <see langword="null"/> when it is missing.</summary>
    public string? this[string name] => _values.TryGetValue(name, out var values) && values.Count > 0 ? values[0] ?? string.Empty : null;

    /// <summary>The first of <paramref name="names"/> that is missing, in order, or <see langword="null"/>.</summary>
    public string? FirstMissing(params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (this[name] is null)
            {
                return name;
            }
        }

        return null;
    }

    public static async Task<MicroticksForm> ReadAsync(HttpContext context, long limit)
    {
        var request = context.Request;
        if (!request.HasFormContentType)
        {
            return new MicroticksForm(FormCollection.Empty, 0, null);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        if (request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        byte[]? body;
        int length;
        try
        {
            (body, length) = await ReadCappedAsync(request.Body, limit, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(limit);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException or OperationCanceledException)
        {
            return new MicroticksForm(FormCollection.Empty, StatusCodes.Status400BadRequest, "The request body could not be read.");
        }

        if (body is null)
        {
            return TooLarge(limit);
        }

        request.Body = new MemoryStream(body, 0, length, writable: false);
        var options = new FormOptions
        {
            ValueLengthLimit = (int)limit,
            MultipartBodyLengthLimit = limit,
        };
        context.Features.Set<IFormFeature>(new FormFeature(request, options));
        try
        {
            return new MicroticksForm(await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false), 0, null);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or OperationCanceledException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            // A multipart body without its boundary, more than 1024 fields, a header too long, a charset such as UTF-7
            // that .NET refuses: not a form we can read.
            return new MicroticksForm(FormCollection.Empty, StatusCodes.Status400BadRequest, "The form could not be read.");
        }
    }

    private static MicroticksForm TooLarge(long limit) =>
        new(FormCollection.Empty, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {limit} bytes.");

    /// <summary>Reads the whole stream, or gives up as soon as it proves longer than <paramref name="limit"/>.</summary>
    /// <returns>The buffer and how much of it holds the body; a <see langword="null"/> buffer when over the limit.</returns>
    private static async Task<(byte[]? Buffer, int Length)> ReadCappedAsync(Stream stream, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Min(ChunkSize, limit + 1)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limit + 1));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (buffer, length);
            }

            length += read;
            if (length > limit)
            {
                return (null, 0);
            }
        }
    }
}
