using System.Buffers;
using System.Text.Json;

namespace EventTracking;

/// <summary>Renders events as canonical UTF-8 JSON into a per-thread reusable buffer, to measure and write them without garbage.</summary>
internal static class CanonicalJsonBuffer
{
    // Buffers that grew past this for one large event are let go rather than kept per thread.
    private const int MaxRetainedCapacity = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Renders an event. The returned bytes are valid only until the next call on the same thread.</summary>
    /// <param name="evt">The event.</param>
    public static ReadOnlySpan<byte> Render(TrackingEvent evt)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        if (buffer.Capacity > MaxRetainedCapacity)
        {
            buffer = t_buffer = new ArrayBufferWriter<byte>(1024);
        }

        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, EventJson.WriterOptions);
        writer.Reset(buffer);
        EventJson.Write(writer, evt);
        writer.Flush();
        return buffer.WrittenSpan;
    }
}
