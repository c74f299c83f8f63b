using System.Net;
using System.Text.Json;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests.Papika.Support;

/// <summary>
/// The Papika tests' host: Papika's routes over a store behind a switch, its own tables in <c>papika.db</c> beside the
/// events, experiment <see cref="TwoConditions"/> with 2 conditions and <see cref="FiveConditions"/> with 5; and what
/// those tests ask of it.
/// </summary>
internal static class PapikaSetup
{
    public const string TwoConditions = "00000000-0000-0000-0000-000000000000";
    public const string FiveConditions = "5f0c8a4e-2b1d-4c3e-9a7f-6d5e4c3b2a19";
    public const string ReleaseId = "de4b98ad-3f9a-4aa9-ba7a-9f8cd80eab6e";

    /// <summary>Maps Papika with the two test experiments, then <paramref name="configure"/>, over a store behind <see cref="CollectorTestHost.Switch"/>.</summary>
    public static CollectorTestHostBuilder PapikaWithTestExperiments(this CollectorTestHostBuilder host, Action<PapikaOptions>? configure = null) =>
        host.SwitchInFrontOfStore().Papika(options =>
        {
            options.Experiments[TwoConditions] = 2;
            options.Experiments[FiveConditions] = 5;
            configure?.Invoke(options);
        });

    /// <summary>Opens a session as the TypeScript client would and returns its id and key.</summary>
    public static async Task<(string Id, string Key)> StartSessionAsync(this CollectorTestHost host, string userId = "6f1c0d3e-0b7a-4d55-8f33-2a9c1e5b7d40")
    {
        using var response = await host.PostJsonAsync("/api/session", PapikaBodies.NonSession(
            $$"""{"user_id":"{{userId}}","client_time":"2016-03-14T21:03:04.123Z","library_revid":"rev","detail":"{}"}"""));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        using var answer = JsonDocument.Parse(text);
        return (answer.RootElement.GetProperty("session_id").GetString()!, answer.RootElement.GetProperty("session_key").GetString()!);
    }

    /// <summary>How many rows one of Papika's tables holds; 0 before the store has been used.</summary>
    public static long CountPapikaRows(this CollectorTestHost host, string table, string where = "1 = 1") =>
        ReadOnlySqlite.Count(PapikaStorePath(host), table, where);

    /// <summary>Reads one value from Papika's own tables.</summary>
    public static object? QueryPapikaStore(this CollectorTestHost host, string sql) => ReadOnlySqlite.Scalar(PapikaStorePath(host), sql);

    /// <summary>Papika's own SQLite file.</summary>
    public static string PapikaStorePath(this CollectorTestHost host) => Path.Combine(host.Folder, "papika.db");
}
