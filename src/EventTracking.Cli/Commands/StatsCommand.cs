using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EventTracking.Cli.Output;
using EventTracking.Reading;

namespace EventTracking.Cli.Commands;

/// <summary><c>eventtracking stats</c>: how many events by name, per bucket, and distinct users per day.</summary>
internal static class StatsCommand
{
    private static readonly Option<TimeBucket> Bucket = new("--bucket", "-b") { Description = "minute, hour or day.", DefaultValueFactory = _ => TimeBucket.Day };

    public static Command Create()
    {
        var command = new Command("stats", "Count events by name per bucket (the last 7 days unless --from says otherwise), and distinct users per day.");
        FilterOptions.AddTo(command);
        command.Options.Add(Bucket);
        command.Options.Add(Formats.Reports);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var filter = FilterOptions.Read(parse);
        var bucket = parse.GetValue(Bucket);
        filter = filter.From is null ? filter with { From = EventCountQuery.BucketStart(DateTimeOffset.UtcNow.AddDays(-6), TimeBucket.Day) } : filter;
        var reader = await StoreOptions.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
        var query = new EventCountQuery { Filter = filter, Bucket = bucket };
        try
        {
            query.Validate(DateTimeOffset.UtcNow);
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message, ExitCodes.Usage);
        }

        var total = await reader.CountAsync(filter, cancellationToken).ConfigureAwait(false);
        var counts = await reader.CountByNameAsync(query, cancellationToken).ConfigureAwait(false);
        var users = await reader.CountDistinctUsersAsync(new DistinctUsersQuery { Filter = filter }, cancellationToken).ConfigureAwait(false);
        var byName = counts.GroupBy(c => c.Name, StringComparer.Ordinal).Select(g => (Name: g.Key, Count: g.Sum(c => c.Count)))
            .OrderByDescending(x => x.Count).ThenBy(x => x.Name, StringComparer.Ordinal).ToList();

        var output = Console.Out;
        if (Formats.Resolve(parse, Formats.Reports) == OutputFormat.Jsonl)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new
            {
                from = filter.From,
                to = filter.To,
                total,
                names = byName.Select(n => new { name = n.Name, count = n.Count }),
                buckets = counts.Select(c => new { start = c.BucketStart, name = c.Name, count = c.Count }),
                users = users.Select(u => new { day = u.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), users = u.Users }),
            }, CliJson.Options).AsMemory(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{total} events from {filter.From:yyyy-MM-dd HH:mm} UTC{(filter.To is { } to ? $" to {to:yyyy-MM-dd HH:mm} UTC" : "")}").AsMemory(), cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"{"NAME",-40}  {"EVENTS",10}".AsMemory(), cancellationToken).ConfigureAwait(false);
        foreach (var (name, count) in byName)
        {
            await output.WriteLineAsync(EventWriter.Printable(string.Create(CultureInfo.InvariantCulture, $"{EventWriter.Cut(name, 40),-40}  {count,10}")).AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"{"BUCKET (UTC)",-17}  {"NAME",-40}  {"EVENTS",10}".AsMemory(), cancellationToken).ConfigureAwait(false);
        foreach (var count in counts)
        {
            await output.WriteLineAsync(EventWriter.Printable(string.Create(CultureInfo.InvariantCulture, $"{count.BucketStart:yyyy-MM-dd HH:mm}  {EventWriter.Cut(count.Name, 40),-40}  {count.Count,10}")).AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"{"DAY",-10}  {"USERS",10}".AsMemory(), cancellationToken).ConfigureAwait(false);
        foreach (var day in users)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{day.Day:yyyy-MM-dd}  {day.Users,10}").AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
