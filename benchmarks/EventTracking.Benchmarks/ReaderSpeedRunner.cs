using System.Diagnostics;
using System.Globalization;
using EventTracking.Reading;

namespace EventTracking.Benchmarks;

/// <summary>
/// How fast the dashboard's overview and catalog answer over a million stored events in SQLite: writes them first
/// (about a minute on two cores, or reads an existing file), then times each query three times and prints the last.
/// <c>dotnet run -c Release --project benchmarks/EventTracking.Benchmarks -- reader-speed [file to keep]</c>.
/// </summary>
internal static class ReaderSpeedRunner
{
    private const int Count = 1_000_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var folder = Path.Combine(Path.GetTempPath(), "et-reader-speed-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = args.Length > 1 ? args[1] : Path.Combine(folder, "events.db");
        try
        {
            var now = new DateTimeOffset(2026, 11, 30, 10, 30, 0, TimeSpan.Zero);
            var write = Stopwatch.StartNew();
            if (!File.Exists(path))
            {
                await WriteAsync(path, now);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Count:N0} events ready in {write.Elapsed.TotalSeconds:F1} s; file {new FileInfo(path).Length / 1048576.0:F0} MiB"));
            var reader = new SqliteEventReader(path);
            var timings = new Dictionary<string, TimeSpan>();
            for (var round = 0; round < 3; round++)
            {
                // What the dashboard's overview asks for each range, and its catalog.
                timings["overview 1h: counts per minute"] = await Time(() => reader.CountByNameAsync(
                    new EventCountQuery { Filter = new EventFilter { From = now.AddHours(-1) }, Bucket = TimeBucket.Minute }));
                timings["overview 6h: counts per minute"] = await Time(() => reader.CountByNameAsync(
                    new EventCountQuery { Filter = new EventFilter { From = now.AddHours(-6) }, Bucket = TimeBucket.Minute }));
                timings["overview 24h: counts per hour"] = await Time(() => reader.CountByNameAsync(
                    new EventCountQuery { Filter = new EventFilter { From = now.AddHours(-24) }, Bucket = TimeBucket.Hour }));
                timings["overview 7d: counts per hour"] = await Time(() => reader.CountByNameAsync(
                    new EventCountQuery { Filter = new EventFilter { From = now.AddDays(-7) }, Bucket = TimeBucket.Hour }));
                timings["overview 30d: counts per day"] = await Time(() => reader.CountByNameAsync(
                    new EventCountQuery { Filter = new EventFilter { From = now.AddDays(-30) }, Bucket = TimeBucket.Day }));
                timings["overview: distinct users per day, 7 days"] = await Time(() => reader.CountDistinctUsersAsync(
                    new DistinctUsersQuery { Filter = new EventFilter { From = EventCountQuery.BucketStart(now.AddDays(-6), TimeBucket.Day) } }));
                timings["search: newest 50 events"] = await Time(() => reader.ReadAsync(new EventReadQuery { Limit = 50 }));
                timings["catalog: 20 names, fields from 200 events each"] = await Time(() => reader.GetCatalogAsync(new EventCatalogQuery()));
                timings["count all"] = await Time(() => reader.CountAsync(EventFilter.All));
            }

            foreach (var (what, elapsed) in timings)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: {elapsed.TotalMilliseconds:F1} ms"));
            }

            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Seven days of events from 5,000 users over 20 names, oldest first, as a live application writes them.
    private static async Task WriteAsync(string path, DateTimeOffset now)
    {
        var random = new Random(1);
        var names = Enumerable.Range(0, 20).Select(i => $"app.area{i % 4}.action{i}").ToArray();
        await using var backend = new SqliteBackend(path);
        var batch = new TrackingEvent[5000];
        for (var written = 0; written < Count; written += batch.Length)
        {
            for (var i = 0; i < batch.Length; i++)
            {
                var at = now.AddDays(-7).AddTicks((long)((written + i) / (double)Count * TimeSpan.TicksPerDay * 7));
                batch[i] = new TrackingEvent(
                    Guid.CreateVersion7(at),
                    names[random.Next(names.Length)],
                    at,
                    new Dictionary<string, object?> { ["user_id"] = (long)random.Next(5000), ["application"] = "speed" },
                    new Dictionary<string, object?> { ["url"] = "/page/" + random.Next(100), ["n"] = (long)i });
            }

            await backend.SendBatchAsync(batch, CancellationToken.None);
        }
    }

    private static async Task<TimeSpan> Time<T>(Func<Task<T>> read)
    {
        var watch = Stopwatch.StartNew();
        await read();
        return watch.Elapsed;
    }
}
