using System.Text.Json.Nodes;

namespace EventTracking.Collector.Tests.Papika.Support;

/// <summary>Hand-made Papika envelopes for tests that need one field wrong.</summary>
internal static class PapikaBodies
{
    /// <summary>A request outside a session, with <c>release</c>.</summary>
    public static string NonSession(string data, string? release = PapikaSetup.ReleaseId, int version = 2) =>
        new JsonObject { ["version"] = version, ["data"] = data, ["release"] = release, ["checksum"] = string.Empty }.ToJsonString();

    /// <summary>A request of a session, with <c>session</c>.</summary>
    public static string OfSession(string data, string? session, string checksum = "") =>
        new JsonObject { ["version"] = 2, ["data"] = data, ["session"] = session, ["checksum"] = checksum }.ToJsonString();

    /// <summary>One event as the TypeScript client writes it.</summary>
    public static JsonObject Event(int index, int category = 1, int type = 2, string detail = "{}", string clientTime = "2016-03-14T21:03:04.123Z") =>
        new()
        {
            ["category_id"] = category,
            ["type_id"] = type,
            ["session_sequence_index"] = index,
            ["client_time"] = clientTime,
            ["detail"] = detail,
        };

    public static string Events(params JsonObject[] events) => new JsonArray([.. events]).ToJsonString();
}
