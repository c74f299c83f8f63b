using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Reflection;
using EventTracking;

// The producer the kill -9 test drives: a tracker with a durable async node in front of SQLite.
//   produce <buffer folder> <database> <run> [outage]
//           emits steadily until killed, printing progress lines; with "outage" the store is down for the whole run
//           (every send fails and is retried), so what is committed survives the kill only in the buffer's files
//   drain   <buffer folder> <database>          delivers what the buffer holds, then exits normally
//   crash   <buffer folder> <database> <run> <point> <nth>
//           emits in bursts, each followed by FlushAsync, with tiny segments and batches (a segment begun, sealed and
//           deleted, and a position saved, every few events), and SIGKILLs itself the <nth> time the durable buffer
//           reaches the crash point <point> (see CrashPoints in Core), printing "crashing <point>" just before; the
//           point "group-torn" cuts the <nth> group commit's bytes in half before the kill (see TornWrite)
// Lines on stdout: "ready", "emitted <run> <seq>" (every event up to seq was emitted), "committed <run> <seq>" (every
// event up to seq is on disk: the node's group commit fsynced it), "flushed <run> <seq>" (FlushAsync completed for every
// event up to seq), "torn <n>" (records of the group cut by "group-torn" not whole on disk), "corrupt <n>" (the drain's
// count of eventtracking.events.dropped with reason corrupt), "drained".
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: produce <buffer> <database> <run> [outage] | drain <buffer> <database>");
    return 2;
}

var mode = args[0];
var output = Console.Out;
var crash = mode == "crash";
if (crash)
{
    var point = args[4];
    var nth = int.Parse(args[5], CultureInfo.InvariantCulture);
    var reached = 0;
    var torn = new TornWrite(args[1], nth, output);

    // The hook is internal to Core (no package sees it): set by reflection, as only this test program does.
    var hook = typeof(AsyncRoutingBackend).Assembly.GetType("EventTracking.CrashPoints", throwOnError: true)!
        .GetProperty("Hook", BindingFlags.Static | BindingFlags.NonPublic)!;
    hook.SetValue(null, (Action<string>)(p =>
    {
        if (point == "group-torn")
        {
            torn.Reach(p);
        }
        else if (p == point && Interlocked.Increment(ref reached) == nth)
        {
            lock (output)
            {
                output.WriteLine($"crashing {p}");
                output.Flush();
            }

            Process.GetCurrentProcess().Kill();
        }
    }));
}

// Losses the drain counts, on the library's own meter (this program has no container).
long corrupt = 0;
using var drops = new MeterListener
{
    InstrumentPublished = (instrument, l) =>
    {
        if (instrument.Meter.Name == EventTrackingDiagnostics.MeterName && instrument.Name == "eventtracking.events.dropped")
        {
            l.EnableMeasurementEvents(instrument);
        }
    },
};
drops.SetMeasurementEventCallback<long>((_, value, tags, _) =>
{
    foreach (var tag in tags)
    {
        if (tag.Key == "eventtracking.drop.reason" && Equals(tag.Value, "corrupt"))
        {
            Interlocked.Add(ref corrupt, value);
        }
    }
});
drops.Start();

var outage = mode == "produce" && args.Length > 4 && args[4] == "outage";
var sqlite = outage ? null : new SqliteBackend(new SqliteBackendOptions { Path = args[2] });
var node = new AsyncRoutingBackend(
    new Dictionary<string, IEventBackend> { ["db"] = sqlite ?? (IEventBackend)new DownBackend() },
    options: new AsyncRoutingOptions
    {
        Name = "durable",
        Capacity = crash ? 64 : 100_000,
        MaxBatchSize = crash ? 7 : 500,
        Buffer = new DurableBufferOptions { Path = args[1], CommitInterval = TimeSpan.FromMilliseconds(50), SegmentBytes = crash ? 4096 : 64L << 20 },
    });
var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["durable"] = node });

if (mode == "drain")
{
    await tracker.FlushAsync();
    await tracker.DisposeAsync();
    await sqlite!.DisposeAsync();
    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"corrupt {Interlocked.Read(ref corrupt)}"));
    output.WriteLine("drained");
    output.Flush();
    return 0;
}

var run = int.Parse(args[3], CultureInfo.InvariantCulture);
var gate = output;
if (crash)
{
    // Bursts of 20 events, each flushed; never reaching the crash point is a failure the test reports.
    for (long seq = 0; seq < 20_000;)
    {
        for (var end = seq + 20; seq < end; seq++)
        {
            tracker.Emit("durability.probe", new { run, seq });
        }

        await tracker.FlushAsync();
        lock (gate)
        {
            output.WriteLine($"flushed {run} {seq - 1}");
            output.Flush();
        }
    }

    output.WriteLine("unreached");
    output.Flush();
    return 3;
}

var emitted = -1L;
output.WriteLine("ready");
output.Flush();

// Commit acknowledgements run beside the emission: every event emitted before the request is on disk when it
// completes (the node's worker takes the intake up to the request, appends it and fsyncs the group). The request is
// internal to Core (no package sees it): reached by reflection, as only this test program does.
var whenCommitted = typeof(AsyncRoutingBackend).GetMethod("WhenDispatchedAsync", BindingFlags.Instance | BindingFlags.NonPublic)!
    .CreateDelegate<Func<Task>>(node);
_ = Task.Run(async () =>
{
    while (true)
    {
        var upTo = Interlocked.Read(ref emitted);
        await whenCommitted();
        lock (gate)
        {
            output.WriteLine($"committed {run} {upTo}");
            output.Flush();
        }

        await Task.Delay(20);
    }
});

// Flushes too, the way an application would call FlushAsync at a checkpoint (never completing while the store is down).
_ = Task.Run(async () =>
{
    while (!outage)
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
