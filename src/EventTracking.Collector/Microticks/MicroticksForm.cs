using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EventTracking.Collector;

/// <summary>
/// The fields of a POST, read as Flask's <c>request.form</c> reads them: from a <c>application/x-www-form-urlencoded</c>
/// or <c>multipart/form-data</c> body, and none at all from any other body (so a JSON body makes every field look
/// missing). The body is read by the collector's <see cref="RequestBodyReader"/>, within its size limits, before it is
/// parsed.
/// </summary>
internal sealed class MicroticksForm
{
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

    public static async Task<MicroticksForm> ReadAsync(HttpContext context, EventCollectorOptions options)
    {
        var request = context.Request;
        if (!request.HasFormContentType)
        {
            return new MicroticksForm(FormCollection.Empty, 0, null);
        }

        var body = await RequestBodyReader.ReadAsync(context, options).ConfigureAwait(false);
        if (!body.IsRead)
        {
            return new MicroticksForm(FormCollection.Empty, body.FailureStatus, body.Failure);
        }

        // The body is in memory and within the limits already; the form reader only has to parse it.
        request.Body = new MemoryStream(body.Content.ToArray(), writable: false);
        var formOptions = new FormOptions
        {
            ValueLengthLimit = Math.Max(1, body.Content.Length),
            MultipartBodyLengthLimit = Math.Max(1, body.Content.Length),
        };
        context.Features.Set<IFormFeature>(new FormFeature(request, formOptions));
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
}
