using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;

namespace EventTracking.Collector;

/// <summary>
/// Name-based event ids derived from the session and the event's own fields, so a batch the client sends again maps to
/// the same ids and stores keyed on the id keep one copy. An event's id is an RFC 9562 version 8 UUID whose first four
/// bytes are its <c>session_sequence_index</c> (big-endian, sign bit flipped) and whose other bytes come from a SHA-1 of
/// every field: the events of one request share their timestamp, so readers that sort by (timestamp, id) read them back
/// in the order the client logged them. A session's start event has a version 5 UUID.
/// </summary>
/// <remarks>
/// The TypeScript and Unity clients resend a failed batch with the same fields, including the
/// <c>session_sequence_index</c> and <c>client_time</c> they stamped when the event was logged. Hashing every field, not
/// only the index, means a client that reuses an index for a different event loses nothing.
/// </remarks>
internal static class PapikaEventIds
{
    private static readonly Guid Namespace = new("7a9d64b3-5bac-4f39-8e54-8fa17d23d814");

    public static Guid ForEvent(Guid sessionId, PapikaEvent evt)
    {
        var name = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(name))
        {
            writer.WriteStartArray();
            writer.WriteStringValue("event");
            writer.WriteStringValue(sessionId);
            writer.WriteNumberValue(evt.SessionSequenceIndex);
            writer.WriteNumberValue(evt.CategoryId);
            writer.WriteNumberValue(evt.TypeId);
            writer.WriteStringValue(evt.ClientTimeText);
            writer.WriteStringValue(evt.Detail);
            WriteTaskStart(writer, evt.TaskStart);
            WriteTaskEvent(writer, evt.TaskEvent);
            writer.WriteEndArray();
        }

        Span<byte> hash = stackalloc byte[20];
        Hash(name.WrittenSpan, hash);
        BinaryPrimitives.WriteUInt32BigEndian(hash, unchecked((uint)evt.SessionSequenceIndex ^ 0x8000_0000u));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    /// <summary>The id of the <c>papika.session</c> event that records a session's start.</summary>
    public static Guid ForSession(Guid sessionId) => NameBased(System.Text.Encoding.UTF8.GetBytes($"[\"session\",\"{sessionId:D}\"]"));

    private static void WriteTaskStart(Utf8JsonWriter writer, (int TaskId, Guid GroupId)? task)
    {
        if (task is { } start)
        {
            writer.WriteNumberValue(start.TaskId);
            writer.WriteStringValue(start.GroupId);
        }
        else
        {
            writer.WriteNullValue();
            writer.WriteNullValue();
        }
    }

    private static void WriteTaskEvent(Utf8JsonWriter writer, (int TaskId, int TaskSequenceIndex)? task)
    {
        if (task is { } member)
        {
            writer.WriteNumberValue(member.TaskId);
            writer.WriteNumberValue(member.TaskSequenceIndex);
        }
        else
        {
            writer.WriteNullValue();
            writer.WriteNullValue();
        }
    }

    private static Guid NameBased(ReadOnlySpan<byte> name)
    {
        Span<byte> hash = stackalloc byte[20];
        Hash(name, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    private static void Hash(ReadOnlySpan<byte> name, Span<byte> hash)
    {
        Span<byte> input = stackalloc byte[16];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(input);
        sha1.AppendData(name);
        sha1.GetHashAndReset(hash);
    }
}
