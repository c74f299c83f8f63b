using System.Diagnostics;
using System.Globalization;
using EventTracking;

// The producer the kill -9 test drives: a tracker with a durable async node in front of SQLite.
//   produce <buffer folder> <database> <run>   emits steadily until killed, printing progress lines
//   drain   <buffer folder> <database>          delivers what the buffer holds, then exits normally
// Lines on stdout: "ready", "emitted <run> <seq>" (every event up to seq was emitted), "flushed <run> <seq>" (FlushAsync
// completed for every event up to seq), "drained".
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: produce <buffer> <database> <run> | drain <buffer> <database>");
    return 2;
}

var mode = args[0];
var sqlite = new SqliteBackend(new SqliteBackendOptions { Path = args[2] });
var node = new AsyncRoutingBackend(
    new Dictionary<string, IEventBackend> { ["db"] = sqlite },
    options: new AsyncRoutingOptions
    {
        Name = "durable",
        Capacity = 100_000,
        Buffer = new DurableBufferOptions { Path = args[1], CommitInterval = TimeSpan.FromMilliseconds(50) },
    });
var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["durable"] = node });
var output = Console.Out;

if (mode == "drain")
{
    await tracker.FlushAsync();
    await tracker.DisposeAsync();
    await sqlite.DisposeAsync();
    output.WriteLine("drained");
    output.Flush();
    return 0;
}

var run = int.Parse(args[3], CultureInfo.InvariantCulture);
var gate = new object();
var emitted = -1L;
output.WriteLine("ready");
output.Flush();

// Flushes run beside the emission, the way an application would call FlushAsync at a checkpoint.
_ = Task.Run(async () =>
{
    while (true)
    {
        var upTo = Interlocked.Read(ref emitted);
        await tracker.FlushAsync();
        lock (gate)
        {
            output.WriteLine($"flushed {run} {upTo}");
            output.Flush();
        }

        await Task.Delay(50);
    }
});

// About 5,000 events a second, in small bursts, until the test kills the process.
var clock = Stopwatch.StartNew();
for (long seq = 0; ; seq++)
{
    tracker.Emit("durability.probe", new { run, seq });
    Interlocked.Exchange(ref emitted, seq);
    if (seq % 50 == 49)
    {
        lock (gate)
        {
            output.WriteLine($"emitted {run} {seq}");
            output.Flush();
        }

        var due = TimeSpan.FromMilliseconds((seq + 1) / 5.0);
        if (due > clock.Elapsed)
        {
            Thread.Sleep(due - clock.Elapsed);
        }
    }
}
