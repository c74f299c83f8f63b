using EventTracking.AspNetCore.Tests.Support;
using EventTracking.AspNetCore;
using System.Text.RegularExpressions;
using EventTracking.Collector.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EventTracking.Collector.Tests.Microticks.Support;

/// <summary>
/// A collector on Kestrel (127.0.0.1, a free port) with a SQLite store in a temporary folder, the Microticks surface
/// under <c>/microticks</c> and read key <see cref="ReadKey"/>. Tests may add to the tree and change the Microticks and
/// collector options. A
/// fixture shares one host and calls <see cref="ResetAsync"/> before each test, so numbering starts at 1 again.
/// </summary>
internal sealed partial class MicroticksHost : IAsyncDisposable
{
    public const string ReadKey = "read-secret";

    public const string Prefix = "/microticks";

    public const string Origin = "http://touch-table.example";

    private MicroticksHost(string directory, TestWebApp app)
    {
        Directory = directory;
        App = app;
        Client = app.CreateClient();
    }

    public string Directory { get; }

    public string DatabasePath => Path.Combine(Directory, "events.db");

    public TestWebApp App { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    public static MicroticksHost Start(Action<MicroticksOptions>? configure = null, Action<EventTrackingBuilder>? tree = null, Action<EventCollectorOptions>? collector = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("et-microticks-").FullName;
        var app = new TestWebApp(
            services => services
                .AddEventTracking(t =>
                {
                    t.AddSqlite(Path.Combine(directory, "events.db"));
                    tree?.Invoke(t);
                })
                .AddEventCollector(o =>
                {
                    // The native route's key; Microticks consumers have keys of their own.
                    o.Keys["native"] = "native-key-not-used-here";
                    collector?.Invoke(o);
                })
                .AddMicroticks(o =>
                {
                    o.ReadKey = ReadKey;
                    configure?.Invoke(o);
                }),
            endpoints => endpoints.MapMicroticks(Prefix),
            kestrel: true);
        var host = new MicroticksHost(directory, app);
        return host;
    }

    /// <summary>Empties every table of the file (events, consumers, sessions) and restarts the autoincrement numbering.</summary>
    public async Task ResetAsync()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var tables = connection.CreateCommand();
        tables.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%';";
        var names = new List<string>();
        await using (var reader = await tables.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        await using var delete = connection.CreateCommand();
        delete.CommandText = "PRAGMA foreign_keys = OFF;" + string.Concat(names.Select(name => $"DELETE FROM \"{name}\";"))
            + "DELETE FROM sqlite_sequence;";
        await delete.ExecuteNonQueryAsync();
    }

    /// <summary>Creates a consumer with the operator command, as an operator would, and returns the key it printed.</summary>
    public async Task<string> CreateConsumerAsync(string name)
    {
        using var output = new StringWriter();
        var exitCode = await Services.GetRequiredService<IHost>().RunMicroticksCommandAsync(["microticks", "create-consumer", name], output);
        Assert.That(exitCode, Is.Zero, output.ToString());
        return PrintedKey().Match(output.ToString()).Groups[1].Value;
    }

    public async Task<int?> RunCommandAsync(StringWriter output, params string[] args) =>
        await Services.GetRequiredService<IHost>().RunMicroticksCommandAsync(args, output);

    /// <summary>What the SQLite store holds, oldest first.</summary>
    public async Task<IReadOnlyList<TrackingEvent>> StoredAsync() =>
        [.. (await new SqliteEventReader(DatabasePath).QueryAsync(new EventQuery { Limit = 10_000 })).Reverse()];

    public JQueryMicroticksClient NewClient(string consumerKey) => new(Client, Prefix, consumerKey);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    [GeneratedRegex("^Consumer key: ([0-9a-f]{32})$", RegexOptions.Multiline)]
    private static partial Regex PrintedKey();
}
