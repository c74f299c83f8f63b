using System.Diagnostics;
using System.Globalization;
using Npgsql;
using StackExchange.Redis;

namespace EventTracking.ScaleOut;

/// <summary>The load behind the README's scale-out numbers. Prints one line per measurement.</summary>
internal static class Bench
{
    /// <summary>The PostgreSQL store alone: batches of B events through binary COPY, by W writers (one connection each).</summary>
    public static async Task<int> StoreAsync(Arguments arguments)
    {
        var count = arguments.Int("count", 200_000);
        var batchSize = arguments.Int("batch", 5000);
        var writers = arguments.Int("writers", 1);
        var jsonType = Enum.Parse<PostgreSqlJsonType>(arguments.Get("json-type", "Jsonb"), ignoreCase: true);
        var table = "bench_" + Guid.NewGuid().ToString("N")[..8];
        var connectionString = arguments.Get("postgres");
        var events = Events(count);
        var writer = PostgresKeyValue(connectionString) + ";Application Name=eventtracking-bench-writer";
        var backends = Enumerable.Range(0, writers)
            .Select(_ => new PostgreSqlBackend(new PostgreSqlBackendOptions { ConnectionString = writer, Table = table, JsonType = jsonType }))
            .ToArray();
        try
        {
            // Creates the table and lets the JIT reach its optimised tier before the clock starts.
            for (var i = 0; i < 20; i++)
            {
                await Task.WhenAll(backends.Select(b => b.SendBatchAsync(Events(batchSize), CancellationToken.None).AsTask()));
            }

            var serverPids = await WriterPidsAsync(connectionString);
            var serverCpu = serverPids.Sum(p => ServerCpu(p).Ticks);
            var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var next = -batchSize;
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(backends.Select(async backend =>
            {
                int start;
                while ((start = Interlocked.Add(ref next, batchSize)) < count)
                {
                    await backend.SendBatchAsync(new ArraySegment<TrackingEvent>(events, start, Math.Min(batchSize, count - start)), CancellationToken.None);
                }
            }));
            watch.Stop();
            Report($"postgresql store, batches of {batchSize}, {writers} writer(s), {jsonType.ToString().ToLowerInvariant()} columns", count, watch.Elapsed);

            // CPU time per event, client and server: what the machine's load does not change much.
            var client = (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalMicroseconds / count;
            var server = TimeSpan.FromTicks(serverPids.Sum(p => ServerCpu(p).Ticks) - serverCpu).TotalMicroseconds / count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  cpu per event: client {client:F1} us, postgres backends {server:F1} us"));
        }
        finally
        {
            foreach (var backend in backends)
            {
                await backend.DisposeAsync();
            }
        }

        await DropAsync(connectionString, table);
        return 0;
    }

    /// <summary>A stream pre-filled with N events, drained into PostgreSQL by K consumers in this process, after a warm-up pass.</summary>
    public static async Task<int> PipelineAsync(Arguments arguments)
    {
        var count = arguments.Int("count", 100_000);
        var consumers = arguments.Int("consumers", 1);
        var batchSize = arguments.Int("batch", 500);
        await DrainAsync(arguments, Math.Min(count, 20_000), consumers, batchSize, report: false);
        await DrainAsync(arguments, count, consumers, batchSize, report: true);
        return 0;
    }

    private static async Task DrainAsync(Arguments arguments, int count, int consumers, int batchSize, bool report)
    {
        var redisConnection = arguments.Get("redis");
        var postgres = arguments.Get("postgres");
        var stream = "bench:" + Guid.NewGuid().ToString("N")[..8];
        var table = "bench_" + Guid.NewGuid().ToString("N")[..8];
        var writer = PostgresKeyValue(postgres) + ";Application Name=eventtracking-bench-writer";

        await using (var create = new PostgreSqlBackend(new PostgreSqlBackendOptions { ConnectionString = writer, Table = table }))
        {
            await create.SendBatchAsync(Events(1), CancellationToken.None);
        }

        using var redis = await ConnectionMultiplexer.ConnectAsync(redisConnection);
        var producer = new RedisStreamBackend(redis, stream);
        var events = Events(count);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i += 1000)
        {
            await producer.SendBatchAsync(new ArraySegment<TrackingEvent>(events, i, Math.Min(1000, count - i)), CancellationToken.None);
        }

        if (report)
        {
            Report("redis stream XADD, one producer, pipelines of 1000", count, watch.Elapsed);
        }

        var running = new List<(RedisStreamConsumer Consumer, Tracker Tracker, PostgreSqlBackend Store)>();
        for (var c = 0; c < consumers; c++)
        {
            var store = new PostgreSqlBackend(new PostgreSqlBackendOptions { ConnectionString = writer, Table = table });
            var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["pg"] = store });
            var consumer = new RedisStreamConsumer(
                new RedisStreamConsumerOptions
                {
                    ConnectionString = redisConnection,
                    Stream = stream,
                    Consumer = "bench-" + c.ToString(CultureInfo.InvariantCulture),
                    BatchSize = batchSize,
                    PollInterval = TimeSpan.FromMilliseconds(5),
                },
                tracker);
            running.Add((consumer, tracker, store));
        }

        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        watch.Restart();
        foreach (var (consumer, _, _) in running)
        {
            await consumer.StartAsync(CancellationToken.None);
        }

        // A load program may poll: it reports when the last event is acknowledged.
        while (running.Sum(r => r.Consumer.Consumed) < count)
        {
            await Task.Delay(5);
        }

        watch.Stop();
        if (report)
        {
            var client = (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalMicroseconds / count;
            Report($"redis -> {consumers} consumer(s) -> postgresql, batches of {batchSize}", count, watch.Elapsed);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  consumer process cpu per event: {client:F1} us"));
        }

        foreach (var (consumer, tracker, store) in running)
        {
            await consumer.StopAsync(CancellationToken.None);
            consumer.Dispose();
            await tracker.DisposeAsync();
            await store.DisposeAsync();
        }

        await redis.GetDatabase().KeyDeleteAsync(stream);
        await DropAsync(postgres, table);
    }

    private static async Task<List<int>> WriterPidsAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(PostgresKeyValue(connectionString));
        await using var command = dataSource.CreateCommand("SELECT pid FROM pg_stat_activity WHERE application_name = 'eventtracking-bench-writer'");
        await using var reader = await command.ExecuteReaderAsync();
        var pids = new List<int>();
        while (await reader.ReadAsync())
        {
            pids.Add(reader.GetInt32(0));
        }

        return pids;
    }

    // utime + stime of a local server process, from /proc (clock ticks of 10 ms); zero when the server is elsewhere.
    private static TimeSpan ServerCpu(int pid)
    {
        var path = $"/proc/{pid}/stat";
        if (!File.Exists(path))
        {
            return TimeSpan.Zero;
        }

        var fields = File.ReadAllText(path).Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    private static TrackingEvent[] Events(int count)
    {
        var context = new Dictionary<string, object?> { ["user_id"] = 10938L, ["course_id"] = "course-v1:edX+DemoX+Demo", ["session"] = "3f7c0e" };
        var start = DateTimeOffset.UtcNow;
        var events = new TrackingEvent[count];
        for (var i = 0; i < count; i++)
        {
            events[i] = new TrackingEvent(
                Guid.CreateVersion7(),
                i % 3 == 0 ? "navigation.request" : "problem.check",
                start.AddTicks(i * 10L),
                context,
                new Dictionary<string, object?> { ["url"] = "http://www.edx.org/some/path/1", ["n"] = (long)i, ["correct"] = i % 2 == 0 });
        }

        return events;
    }

    private static void Report(string what, int count, TimeSpan elapsed) =>
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"{what}: {count} events in {elapsed.TotalSeconds:F2} s = {count / elapsed.TotalSeconds:N0} events/s"));

    private static async Task DropAsync(string connectionString, string table)
    {
        await using var dataSource = NpgsqlDataSource.Create(PostgresKeyValue(connectionString));
        await using var command = dataSource.CreateCommand($"DROP TABLE IF EXISTS \"{table}\"");
        await command.ExecuteNonQueryAsync();
    }

    private static string PostgresKeyValue(string connectionString)
    {
        if (!connectionString.StartsWith("postgres", StringComparison.OrdinalIgnoreCase))
        {
            return connectionString;
        }

        var uri = new Uri(connectionString);
        var user = uri.UserInfo.Split(':')[0];
        return $"Host={uri.Host};Port={uri.Port};Username={user};Database={uri.AbsolutePath.Trim('/')}";
    }
}
