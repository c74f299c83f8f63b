using System.Text.Json;
using System.Text.RegularExpressions;

namespace EventTracking.Benchmarks.ContextRead;

/// <summary>
/// The least a library could do for the same work, written by hand: an immutable frame stack in an
/// <see cref="AsyncLocal{T}"/>, an event holding an id, a timestamp, the innermost frame and its data, a regex
/// allowlist, and a serializer that walks the frames (outermost first, innermost value wins); given a
/// <see cref="PairWalk"/>, the same walk reads every pair without serializing.
/// </summary>
internal sealed class HandWrittenFloor(JsonScratch scratch, Regex allow, PairWalk? walk = null)
{
    private readonly AsyncLocal<Frame?> _current = new();

    /// <summary>Pushes a frame of key/value pairs; disposing the returned scope pops it.</summary>
    public Scope Push(KeyValuePair<string, object?>[] values)
    {
        var parent = _current.Value;
        _current.Value = new Frame(values, parent);
        return new Scope(this, parent);
    }

    public void Emit(string name, KeyValuePair<string, object?>[] data)
    {
        var now = DateTimeOffset.UtcNow;
        var evt = new Event(NewId(now), name, now, _current.Value, data);
        if (!allow.IsMatch(evt.Name))
        {
            return;
        }

        if (walk is null)
        {
            Write(evt);
        }
        else
        {
            Walk(walk, evt);
        }
    }

    // A time-ordered UUID v7 with cheap randomness, as the library makes (Guid.CreateVersion7 asks the OS for random bytes).
    private static Guid NewId(DateTimeOffset now)
    {
        var ticks = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes, ((ticks / TimeSpan.TicksPerMillisecond) << 16) | 0x7000L | (ticks % TimeSpan.TicksPerMillisecond / 10));
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes[8..], (Random.Shared.NextInt64() & 0x3FFF_FFFF_FFFF_FFFFL) | unchecked((long)0x8000_0000_0000_0000UL));
        return new Guid(bytes, bigEndian: true);
    }

    private void Write(Event evt)
    {
        var writer = scratch.Begin();
        writer.WriteStartObject();
        writer.WriteString("id", evt.Id);
        writer.WriteString("name", evt.Name);
        writer.WriteString("timestamp", evt.Timestamp);
        writer.WriteStartObject("context");
        WriteFrames(writer, evt.Context, evt.Context);
        writer.WriteEndObject();
        writer.WriteStartObject("data");
        foreach (var (key, value) in evt.Data)
        {
            writer.WritePropertyName(key);
            EventJson.WriteValue(writer, value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        scratch.End();
    }

    // Outermost frame first; a key is written where it first appears, with the innermost frame's value.
    private static void WriteFrames(Utf8JsonWriter writer, Frame? frame, Frame? innermost)
    {
        if (frame is null)
        {
            return;
        }

        WriteFrames(writer, frame.Parent, innermost);
        foreach (var (key, value) in frame.Values)
        {
            if (Has(frame.Parent, key, out _))
            {
                continue;
            }

            writer.WritePropertyName(key);
            EventJson.WriteValue(writer, Has(innermost, key, out var inner) ? inner : value);
        }
    }

    private static void Walk(PairWalk walk, Event evt)
    {
        walk.Touch(evt.Id);
        walk.Touch(evt.Name, evt.Timestamp);
        WalkFrames(walk, evt.Context, evt.Context);
        foreach (var (key, value) in evt.Data)
        {
            walk.Touch(key, value);
        }
    }

    private static void WalkFrames(PairWalk walk, Frame? frame, Frame? innermost)
    {
        if (frame is null)
        {
            return;
        }

        WalkFrames(walk, frame.Parent, innermost);
        foreach (var (key, value) in frame.Values)
        {
            if (!Has(frame.Parent, key, out _))
            {
                walk.Touch(key, Has(innermost, key, out var inner) ? inner : value);
            }
        }
    }

    private static bool Has(Frame? frame, string key, out object? value)
    {
        for (; frame is not null; frame = frame.Parent)
        {
            foreach (var pair in frame.Values)
            {
                if (string.Equals(pair.Key, key, StringComparison.Ordinal))
                {
                    value = pair.Value;
                    return true;
                }
            }
        }

        value = null;
        return false;
    }

    public readonly struct Scope(HandWrittenFloor owner, Frame? parent) : IDisposable
    {
        public void Dispose() => owner._current.Value = parent;
    }

    public sealed record Frame(KeyValuePair<string, object?>[] Values, Frame? Parent);

    private sealed record Event(Guid Id, string Name, DateTimeOffset Timestamp, Frame? Context, KeyValuePair<string, object?>[] Data);
}
