using System.Globalization;
using System.Text;
using CsCheck;

namespace EventTracking.Collector.Tests.Support;

/// <summary>CsCheck generators of request bodies: random bytes, random JSON, and valid bodies with random mutations.</summary>
internal static class RequestBodies
{
    private static readonly string[] Keys =
    [
        "id", "name", "timestamp", "context", "data", "event_type", "application", "version", "platform", "user_id",
        "session_id", "value", "api_key", "client_ip", "collector_key", "received_at", "",
    ];

    /// <summary>Pieces of JSON string content, including escapes .NET strings cannot hold (a lone surrogate).</summary>
    private static readonly string[] StringPieces =
    [
        "a", "Z", "0", " ", "é", "☃", "😀", "\\n", "\\\"", "\\\\", "\\/", "\\u00e9", "\\ud83d\\ude00", "\\ud800", "\\udc00x", "\\u0000",
        CollectorTestHost.MobileKey, "2026-11-23T12:00:00Z", "0193b8a4-7c4e-7d2a-8f00-123456789abc",
    ];

    private static readonly string[] Numbers = ["0", "-0", "1", "-1", "1.5", "1e400", "-1e-400", "12345678901234567890123", "9007199254740993", "0.1e1"];

    private static readonly Gen<string> JsonString =
        Gen.OneOf(StringPieces).Array[0, 6].Select(pieces => "\"" + string.Concat(pieces) + "\"");

    private static readonly Gen<string> Leaf = Gen.Frequency(
        (1, Gen.Const("null")),
        (1, Gen.OneOf("true", "false")),
        (2, Gen.OneOf(Numbers)),
        (1, Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "0")),
        (4, JsonString));

    private static readonly Gen<string> Key = Gen.Frequency((3, Gen.OneOf(Keys)), (1, JsonString.Select(s => s[1..^1])));

    /// <summary>Any bytes at all, sometimes long.</summary>
    public static Gen<byte[]> RandomBytes { get; } = Gen.Frequency((4, Gen.Byte.Array[0, 256]), (1, Gen.Byte.Array[0, 4096]));

    /// <summary>Well-formed JSON of any shape, sometimes nested past the depth limit.</summary>
    public static Gen<byte[]> RandomJson { get; } =
        Gen.Select(Value(4), Gen.Int[0, 40], Gen.Bool, (value, depth, arrays) => Encoding.UTF8.GetBytes(Nest(value, depth, arrays)));

    /// <summary>Valid native batches (fresh ids each time), then mutated.</summary>
    public static Gen<byte[]> MutatedNative { get; } = Mutated(NativeBatch());

    /// <summary>Valid Pycolytics batches, then mutated.</summary>
    public static Gen<byte[]> MutatedPycolyticsBatch { get; } = Mutated(PycolyticsEvent().Array[0, 6].Select(events => "[" + string.Join(",", events) + "]"));

    /// <summary>Valid single Pycolytics events, then mutated.</summary>
    public static Gen<byte[]> MutatedPycolyticsEvent { get; } = Mutated(PycolyticsEvent());

    private static Gen<string> Value(int depth) => depth == 0
        ? Leaf
        : Gen.Frequency(
            (3, Leaf),
            (1, Value(depth - 1).Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
            (2, Object(depth - 1)));

    private static Gen<string> Object(int depth) =>
        Gen.Select(Key, Value(depth)).Array[0, 5].Select(members => "{" + string.Join(",", members.Select(m => $"\"{m.Item1}\":{m.Item2}")) + "}");

    private static string Nest(string value, int depth, bool arrays) =>
        arrays
            ? new string('[', depth) + value + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + value + new string('}', depth);

    private static Gen<string> NativeBatch()
    {
        var name = Gen.Char["abcxyz._"].Array[1, 12].Select(chars => new string(chars));
        var evt = Gen.Select(name, Object(2), Object(2), Gen.Int[0, 3], (n, context, data, shape) => shape switch
        {
            // Sometimes without id or timestamp, which the collector fills in.
            0 => $$"""{"name":"{{n}}","data":{{data}}}""",
            1 => $$"""{"id":"{{Guid.CreateVersion7()}}","name":"{{n}}","context":{{context}}}""",
            _ => $$"""{"id":"{{Guid.CreateVersion7()}}","name":"{{n}}","timestamp":"2026-11-23T12:00:00.123456+00:00","context":{{context}},"data":{{data}}}""",
        });
        return Gen.Frequency(
            (5, evt.Array[0, 6].Select(events => "[" + string.Join(",", events) + "]")),
            (1, evt));
    }

    private static Gen<string> PycolyticsEvent()
    {
        var text = Gen.Char["abc XYZ_.-"].Array[0, 10].Select(chars => new string(chars));
        return Gen.Select(text, text, Object(2), (eventType, user, value) =>
            Bodies.Pyco(eventType: eventType, value: value).Replace("\"a1b2c3d4\"", $"\"{user}\"", StringComparison.Ordinal));
    }

    /// <summary>Applies up to four random edits (flip, delete, insert, duplicate, truncate) to a valid body.</summary>
    private static Gen<byte[]> Mutated(Gen<string> valid)
    {
        var edit = Gen.Select(Gen.Int[0, 4], Gen.Int[0, 1000].Select(i => i / 1000.0), Gen.Int[1, 16], Gen.Byte.Array[1, 8]);
        // Mostly one edit or none, so many bodies stay valid or nearly so and reach the deeper checks.
        var edits = Gen.Frequency((3, edit.Array[0]), (5, edit.Array[1]), (2, edit.Array[2, 4]));
        return Gen.Select(valid, edits, (body, edits) =>
        {
            var bytes = Encoding.UTF8.GetBytes(body).ToList();
            foreach (var (kind, where, length, insert) in edits)
            {
                var at = (int)(where * bytes.Count);
                var span = Math.Min(length, bytes.Count - at);
                switch (kind)
                {
                    case 0 when at < bytes.Count:
                        bytes[at] ^= insert[0];
                        break;
                    case 1:
                        bytes.RemoveRange(at, span);
                        break;
                    case 2:
                        bytes.InsertRange(at, insert);
                        break;
                    case 3:
                        bytes.InsertRange(at, bytes.GetRange(at, span));
                        break;
                    case 4:
                        bytes.RemoveRange(at, bytes.Count - at);
                        break;
                }
            }

            return bytes.ToArray();
        });
    }
}
