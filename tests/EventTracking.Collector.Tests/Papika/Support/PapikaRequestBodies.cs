using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace EventTracking.Collector.Tests.Papika.Support;

/// <summary>CsCheck generators of Papika bodies: random <c>data</c> in a valid envelope, and valid event batches with random edits.</summary>
internal static class PapikaRequestBodies
{
    private static readonly string[] Keys =
    [
        "username", "id", "savedata", "user_id", "experiment_id", "client_time", "library_revid", "detail", "release_id",
        "session_sequence_index", "category_id", "type_id", "task_start", "task_event", "task_id", "group_id", "task_sequence_index", "",
    ];

    private static readonly string[] Texts =
    [
        "pika", "", "é☃😀", "\ud800", "6f1c0d3e-0b7a-4d55-8f33-2a9c1e5b7d40", "00000000-0000-0000-0000-000000000000", "{\"level\":3}",
        "[1,2]", "1e400", "2016-03-14T21:03:04.123Z", "2016-03-14 14:03:04.123456", "3/14/2016 2:03:04 PM", "14.03.2016 14:03:04",
        "2016-02-30T00:00:00Z", "{\"detail\":1}", "null",
    ];

    private static readonly string[] Numbers = ["0", "-1", "1", "2", "32767", "32768", "1.5", "1e400", "2147483648", "9007199254740993"];

    private static readonly Gen<JsonNode?> Leaf = Gen.Frequency(
        (1, Gen.Bool.Select(_ => (JsonNode?)null)),
        (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (2, Gen.OneOf(Numbers).Select(n => JsonNode.Parse(n))),
        (4, Gen.OneOf(Texts).Select(t => (JsonNode?)JsonValue.Create(t))));

    /// <summary>Random JSON text for <c>data</c>, shaped like Papika's more often than not.</summary>
    public static Gen<string> RandomData { get; } = Value(3).Select(node => node?.ToJsonString() ?? "null");

    /// <summary>A valid batch of up to six events (some in a task), with up to three random edits of its text.</summary>
    public static Gen<string> MutatedBatch { get; } = Gen.Select(Event().Array[0, 6], Edits(), (events, edits) => Edit(new JsonArray([.. events]).ToJsonString(), edits));

    private static Gen<JsonNode?> Value(int depth) => depth == 0
        ? Leaf
        : Gen.Frequency(
            (3, Leaf),
            (1, Value(depth - 1).Array[0, 4].Select(items => (JsonNode?)new JsonArray([.. items]))),
            (3, Gen.Select(Gen.OneOf(Keys), Value(depth - 1)).Array[0, 6].Select(Members)));

    private static JsonNode? Members((string Key, JsonNode? Value)[] members)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in members)
        {
            obj[key] = value;
        }

        return obj;
    }

    private static Gen<JsonNode> Event() =>
        Gen.Select(Gen.Int[0, 50], Gen.Int[0, 3], Gen.OneOf(Texts), Gen.Int[0, 2], (index, kind, detail, task) =>
        {
            var evt = PapikaBodies.Event(index, category: kind, type: index % 7, detail: detail,
                clientTime: kind == 1 ? "2016-03-14 14:03:04.123456" : kind == 2 ? "3/14/2016 2:03:04 PM" : "2016-03-14T21:03:04.123Z");
            if (task == 1)
            {
                evt["task_start"] = new JsonObject { ["task_id"] = 1, ["group_id"] = "586c3a14-3659-4975-a28e-d88811a4632b" };
            }
            else if (task == 2)
            {
                evt["task_event"] = new JsonObject { ["task_id"] = 1, ["task_sequence_index"] = index };
            }

            return (JsonNode)evt;
        });

    private static Gen<(int Kind, double Where, int Length, string Insert)[]> Edits()
    {
        var edit = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 1000].Select(i => i / 1000.0), Gen.Int[1, 12], Gen.OneOf("\"", ",", "{", "]", "x", "1", ":", "\\"));
        return Gen.Frequency((4, edit.Array[0]), (4, edit.Array[1]), (2, edit.Array[2, 3]));
    }

    private static string Edit(string text, (int Kind, double Where, int Length, string Insert)[] edits)
    {
        var builder = new StringBuilder(text);
        foreach (var (kind, where, length, insert) in edits)
        {
            var at = (int)(where * builder.Length);
            var span = Math.Min(length, builder.Length - at);
            switch (kind)
            {
                case 0:
                    builder.Remove(at, span);
                    break;
                case 1:
                    builder.Insert(at, insert);
                    break;
                case 2:
                    builder.Insert(at, builder.ToString(at, span));
                    break;
                default:
                    builder.Length = at;
                    break;
            }
        }

        return builder.ToString();
    }
}
