using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using EventTracking;
using EventTracking.CollectorLoad;

// The collector's load program: POSTs batches of canonical events to the native route (/api/events) over N
// connections and reports acknowledged events per second, request latency and CPU per event. Every 2xx means the batch
// is committed to SQLite. By default it starts the collector in a child process (this program with --serve; SQLite file
// in a temporary folder), so the collector's CPU is measured apart from the load generator's; --in-process runs it in
// this process instead; --url and --key aim it at a running collector (for example the collector sample).
//
//   dotnet run -c Release --project benchmarks/EventTracking.CollectorLoad -- --connections 16 --requests 3000
//
// Options: --connections N (16), --requests N (3000), --batch N (100 events per request), --warmup N (3000 requests
// sent before the measured ones; 0 for a cold start), --synchronous Normal|Full, --in-process, --url URL --key KEY. Each event has its own id and its own context, as collector events do.
if (args.Length >= 2 && args[0] == "--serve")
{
    await CollectorProcess.ServeAsync(args[1], OptionText("--synchronous") ?? "Normal");
    return 0;
}

var connections = Option("--connections", 16);
var requests = Option("--requests", 3000);
var batch = Option("--batch", 100);
var warmup = Option("--warmup", 3000);
var synchronous = OptionText("--synchronous") ?? "Normal";
var url = OptionText("--url");
var inProcess = args.Contains("--in-process");

var folder = Directory.CreateTempSubdirectory("eventtracking-load-");
var database = Path.Combine(folder.FullName, "events.db");
await using var host = url is null && inProcess ? await CollectorHost.StartAsync(database, synchronous) : null;
await using var child = url is null && !inProcess ? await CollectorProcess.StartAsync(database, synchronous) : null;
var target = new Uri(url is not null ? new Uri(url) : host?.Address ?? child!.Address, "/api/events");
var key = OptionText("--key") ?? CollectorHost.Key;

Console.WriteLine($"Preparing {requests:N0} requests of {batch} events ({requests * batch:N0} events)...");
var bodies = Enumerable.Range(0, requests).Select(r => Body(r, batch)).ToArray();
using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
client.DefaultRequestHeaders.Add("X-Api-Key", key);

// Warm up with batches of their own (new ids, so the measured batches are inserts, not duplicates): the connections,
// the SQLite file, and the JIT, whose tiered recompilation of the hot paths takes a few hundred thousand events; a
// collector under sustained load has long finished it. --warmup 0 measures from a cold start.
if (warmup > 0)
{
    Console.WriteLine($"Warming up with {warmup:N0} requests...");
    var warmupBodies = Enumerable.Range(requests, warmup).Select(r => Body(r, batch)).ToArray();
    await RunAsync(warmupBodies, new long[warmup]);
}

var latencies = new long[requests];
var cpu = Process.GetCurrentProcess().TotalProcessorTime;
var childCpu = child?.CpuTime ?? TimeSpan.Zero;
var clock = Stopwatch.StartNew();
var failures = await RunAsync(bodies, latencies);
var elapsed = clock.Elapsed;
var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
var childCpuUsed = (child?.CpuTime ?? TimeSpan.Zero) - childCpu;

Array.Sort(latencies);
double Percentile(double p) => latencies[Math.Min(latencies.Length - 1, (int)(p * latencies.Length))] * 1000.0 / Stopwatch.Frequency;
var events = (long)(requests - failures) * batch;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"connections {connections}, batch {batch}, synchronous {synchronous}: {events:N0} events acknowledged in {elapsed.TotalSeconds:F2} s = {events / elapsed.TotalSeconds:N0} events/s; failed requests {failures}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"latency per request: p50 {Percentile(0.50):F1} ms, p90 {Percentile(0.90):F1} ms, p99 {Percentile(0.99):F1} ms, max {Percentile(1.0):F1} ms"));
if (child is not null)
{
    Console.WriteLine(Cpu("collector process CPU", childCpuUsed));
    Console.WriteLine(Cpu("load generator CPU", cpuUsed));
}
else
{
    Console.WriteLine(Cpu(host is null ? "load generator CPU" : "process CPU (collector and load generator together)", cpuUsed));
}

folder.Delete(recursive: true);
return failures == 0 ? 0 : 1;

async Task<int> RunAsync(ReadOnlyMemory<byte[]> work, long[] latency)
{
    var next = -1;
    var failed = 0;
    var workers = Enumerable.Range(0, connections).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < work.Length)
        {
            using var content = new ByteArrayContent(work.Span[i]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var started = Stopwatch.GetTimestamp();
            using var response = await client.PostAsync(target, content);
            latency[i] = Stopwatch.GetTimestamp() - started;
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failed);
            }
        }
    });
    await Task.WhenAll(workers);
    return failed;
}

static byte[] Body(int request, int size)
{
    var events = new TrackingEvent[size];
    for (var i = 0; i < size; i++)
    {
        events[i] = new TrackingEvent(
            Guid.CreateVersion7(),
            "game.level.completed",
            DateTimeOffset.UtcNow,
            new Dictionary<string, object?> { ["user_id"] = $"user-{request % 1000}", ["session_id"] = $"s-{request}", ["platform"] = "Linux" },
            new Dictionary<string, object?> { ["level"] = i, ["score"] = request * 7 % 1000, ["duration_ms"] = 1234.5 });
    }

    using var stream = new MemoryStream();
    using (var writer = new System.Text.Json.Utf8JsonWriter(stream, EventJson.WriterOptions))
    {
        writer.WriteStartArray();
        foreach (var evt in events)
        {
            EventJson.Write(writer, evt);
        }

        writer.WriteEndArray();
    }

    return stream.ToArray();
}

string Cpu(string what, TimeSpan used) => string.Create(
    CultureInfo.InvariantCulture,
    $"{what}: {used.TotalSeconds:F2} s = {used.TotalMicroseconds / Math.Max(1, events):F1} µs per event, {used / elapsed:F2} cores");

int Option(string name, int fallback) => OptionText(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? OptionText(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
