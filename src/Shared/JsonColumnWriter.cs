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

    public string Write(IReadOnlyDictionary<string, object?> values)
    {
        // No Count check first: counting a merged context view walks its frames, as writing it does.
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        EventJson.WriteValue(_writer, values);
        _writer.Flush();
        var written = _buffer.WrittenSpan;
        return written.SequenceEqual("{}"u8) ? EmptyObject : Encoding.UTF8.GetString(written);
    }
}
