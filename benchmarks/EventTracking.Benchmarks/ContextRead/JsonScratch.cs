using System.Buffers;
using System.Text.Json;

namespace EventTracking.Benchmarks.ContextRead;

/// <summary>One reusable UTF-8 JSON writer, as a serializing backend keeps one: every reader in these benchmarks writes into it.</summary>
internal sealed class JsonScratch
{
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);

    public JsonScratch()
    {
        Writer = new Utf8JsonWriter(_buffer, EventJson.WriterOptions);
    }

    public Utf8JsonWriter Writer { get; }

    /// <summary>What the last write produced.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    /// <summary>Bytes written by the last event, so the work cannot be optimized away.</summary>
    public long Written { get; private set; }

    public Utf8JsonWriter Begin()
    {
        _buffer.ResetWrittenCount();
        Writer.Reset(_buffer);
        return Writer;
    }

    public void End()
    {
        Writer.Flush();
        Written = _buffer.WrittenCount;
    }
}
