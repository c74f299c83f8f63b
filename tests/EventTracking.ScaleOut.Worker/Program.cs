using System.Diagnostics;
using EventTracking;
using EventTracking.ScaleOut;

// Modes:
//   produce  --redis R --stream S --producer P --count N          emits N events through an async node to the stream
//   consume  --redis R --stream S --name C --postgres PG --table T [--stall-after K] [--claim-idle-ms M]
//            reads the stream into PostgreSQL until standard input closes
//   bench-store    --postgres PG [--count N] [--batch B] [--writers W] [--json-type Jsonb|Json]  PostgreSQL store alone (binary COPY)
//   bench-pipeline --redis R --postgres PG --consumers K [--count N] [--batch B]  Redis -> K consumers -> PostgreSQL
var arguments = new Arguments(args);
return args.Length == 0 ? Usage() : args[0] switch
{
    "produce" => await Produce(arguments),
    "consume" => await Consume(arguments),
    "bench-store" => await Bench.StoreAsync(arguments),
    "bench-pipeline" => await Bench.PipelineAsync(arguments),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: produce|consume|bench-store|bench-pipeline --name value ...");
    return 2;
}

static async Task<int> Produce(Arguments arguments)
{
    var count = arguments.Int("count", 5000);
    var producer = arguments.Get("producer");
    var node = new AsyncRoutingBackend(
        new Dictionary<string, IEventBackend>
        {
            ["redis"] = new RedisStreamBackend(new RedisStreamBackendOptions { ConnectionString = arguments.Get("redis"), Stream = arguments.Get("stream") }),
        },
        options: new AsyncRoutingOptions { Capacity = count + 1, MaxBatchSize = 500, MaxRetries = 100, RetryBaseDelay = TimeSpan.FromMilliseconds(50) });
    await using var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["forward"] = node });
    using (tracker.Context("process", new { producer, pid = Environment.ProcessId }))
    {
        for (var i = 0; i < count; i++)
        {
            tracker.Emit("scale.test", new { producer, seq = i });
        }
    }

    using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
    await tracker.FlushAsync(timeout.Token);
    Console.WriteLine($"emitted {count} undelivered {node.Undelivered}");
    return node.Undelivered == 0 ? 0 : 1;
}

static async Task<int> Consume(Arguments arguments)
{
    await using var postgres = new PostgreSqlBackend(new PostgreSqlBackendOptions { ConnectionString = arguments.Get("postgres"), Table = arguments.Get("table") });
    var stallAfter = arguments.Int("stall-after", 0);
    IEventBackend store = stallAfter > 0 ? new StallingBackend(postgres, stallAfter) : postgres;
    await using var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["pg"] = store });
    using var consumer = new RedisStreamConsumer(
        new RedisStreamConsumerOptions
        {
            ConnectionString = arguments.Get("redis"),
            Stream = arguments.Get("stream"),
            Consumer = arguments.Get("name"),
            BatchSize = arguments.Int("batch", 200),
            PollInterval = TimeSpan.FromMilliseconds(20),
            ClaimIdleTime = TimeSpan.FromMilliseconds(arguments.Int("claim-idle-ms", 2000)),
            ClaimInterval = TimeSpan.FromMilliseconds(250),
        },
        tracker);
    await consumer.StartAsync(CancellationToken.None);
    Console.WriteLine("ready");
    while (await Console.In.ReadLineAsync() is not null)
    {
    }

    var watch = Stopwatch.StartNew();
    using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
    {
        await consumer.StopAsync(timeout.Token);
    }

    Console.WriteLine($"consumed {consumer.Consumed} claimed {consumer.Claimed} dead {consumer.DeadLettered} stop_ms {watch.ElapsedMilliseconds}");
    return 0;
}
