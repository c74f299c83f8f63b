using System.Text.RegularExpressions;
using EventTracking.Collector.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EventTracking.Collector.Tests.Microticks.Support;

/// <summary>
/// The Microticks tests' host: the surface under <see cref="Prefix"/> with read key <see cref="ReadKey"/>, over a
/// SQLite store a request waits for (Microticks keeps its tables in the same file); and what those tests ask of it. A
/// fixture may share one host and call <see cref="ResetAsync"/> before each test, so numbering starts at 1 again.
/// </summary>
internal static partial class MicroticksSetup
{
    public const string ReadKey = "read-secret";

    public const string Prefix = "/microticks";

    public const string Origin = "http://touch-table.example";

    /// <summary>Maps Microticks under <see cref="Prefix"/> with <see cref="ReadKey"/>, then <paramref name="configure"/>, over a store directly under the root.</summary>
    public static CollectorTestHostBuilder MicroticksWithReadKey(this CollectorTestHostBuilder host, Action<MicroticksOptions>? configure = null) =>
        host.StoreDirectly().Microticks(Prefix, options =>
        {
            options.ReadKey = ReadKey;
            configure?.Invoke(options);
        });

    /// <summary>Empties every table of the file (events, consumers, sessions) and restarts the autoincrement numbering.</summary>
    public static async Task ResetAsync(this CollectorTestHost host)
    {
        await using var connection = new SqliteConnection($"Data Source={host.Store.Path}");
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
    public static async Task<string> CreateConsumerAsync(this CollectorTestHost host, string name)
    {
        using var output = new StringWriter();
        var exitCode = await host.RunCommandAsync(output, "microticks", "create-consumer", name);
        Assert.That(exitCode, Is.Zero, output.ToString());
        return PrintedKey().Match(output.ToString()).Groups[1].Value;
    }

    /// <summary>Runs an operator command against the host's services, writing to <paramref name="output"/>.</summary>
    public static async Task<int?> RunCommandAsync(this CollectorTestHost host, StringWriter output, params string[] args) =>
        await host.Services.GetRequiredService<IHost>().RunMicroticksCommandAsync(args, output);

    /// <summary>A jQuery-style client of the surface, with <paramref name="consumerKey"/>.</summary>
    public static JQueryMicroticksClient NewClient(this CollectorTestHost host, string consumerKey) => new(host.Client, Prefix, consumerKey);

    [GeneratedRegex("^Consumer key: ([0-9a-f]{32})$", RegexOptions.Multiline)]
    private static partial Regex PrintedKey();
}
