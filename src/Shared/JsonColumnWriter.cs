using System.Buffers;
using System.Text;
using System.Text.Json;

namespace EventTracking;

/// <summary>Renders context and data as canonical JSON text, reusing one buffer and one writer. Not thread-safe.</summary>
internal sealed class JsonColumnWriter
{
    private const string EmptyObject = "{}";

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    public JsonColumnWriter()
    {
        _writer = new Utf8JsonWriter(_buffer, EventJson.WriterOptions);
    }

    /// <summary>What the last <see cref="WriteUtf8"/> rendered.</summary>
    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public string Write(IReadOnlyDictionary<string, object?> values)
    {
        var written = WriteUtf8(values);
        return written.SequenceEqual("{}"u8) ? EmptyObject : Encoding.UTF8.GetString(written);
    }

    /// <summary>Renders <paramref name="values"/> as UTF-8; the span is valid until the next call.</summary>
    public ReadOnlySpan<byte> WriteUtf8(IReadOnlyDictionary<string, object?> values)
    {
        // No Count check first: counting a merged context view walks its frames, as writing it does.
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        EventJson.WriteValue(_writer, values);
        _writer.Flush();
        return _buffer.WrittenSpan;
    }
}
