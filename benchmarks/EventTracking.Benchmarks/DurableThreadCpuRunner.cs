using System.Diagnostics;
using System.Globalization;

namespace EventTracking.Benchmarks;

/// <summary>
/// The durable buffer's costs measured by CPU time rather than wall time, for a shared machine where other processes
/// take the cores: the emitting thread's CPU time per <see cref="Tracker.Emit"/> (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>),
/// and the whole process's CPU time per event from the first emit until <see cref="Tracker.FlushAsync"/> has completed
/// (fsync and delivery included). Peers in every round: a no-op backend, an in-memory async node, a durable node.
/// <c>dotnet run -c Release --project benchmarks/EventTracking.Benchmarks -- thread-cpu durable [events per round] [case]</c>.
/// </summary>
internal static class DurableThreadCpuRunner
{
    public static int Run(string[] args)
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("thread-cpu needs Linux (CLOCK_THREAD_CPUTIME_ID).");
            return 2;
        }

        var events = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;
        var folder = Path.Combine(Path.GetTempPath(), "et-durable-cpu-" + Guid.NewGuid().ToString("N"));
        var cases = new (string Name, Tracker Tracker)[]
        {
            ("no-op backend", new Tracker(new RoutingBackend([new("noop", new NoopBackend())]))),
            ("in-memory async node", Node("memory", null)),
            ("durable node", Node("durable", new DurableBufferOptions { Path = folder })),
        };
        if (args.Length > 3)
        {
            cases = Array.FindAll(cases, c => c.Name.Contains(args[3], StringComparison.Ordinal));
        }

        // Rounds after the first are averaged (not the best), so the collections an event's allocations cause are paid for.
        const int Rounds = 8;
        var emit = new double[cases.Length];
        var total = new double[cases.Length];
        var wall = new double[cases.Length];
        var pause = new double[cases.Length];
        var gen0 = new int[cases.Length];
        var gen1 = new int[cases.Length];
        var gen2 = new int[cases.Length];
        for (var round = 0; round < Rounds; round++)
        {
            for (var c = 0; c < cases.Length; c++)
            {
                var tracker = cases[c].Tracker;
                GC.Collect();
                var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
                var paused = GC.GetTotalPauseDuration();
                var process = Process.GetCurrentProcess().TotalProcessorTime;
                var started = Stopwatch.GetTimestamp();
                var start = ThreadCpuClock.Now();
                for (var i = 0; i < events; i++)
                {
                    tracker.Emit("navigation.request", new { url = "/" });
                }

                var thread = ThreadCpuClock.Now() - start;
                var elapsed = Stopwatch.GetElapsedTime(started);
                tracker.FlushAsync().AsTask().GetAwaiter().GetResult();
                var used = Process.GetCurrentProcess().TotalProcessorTime - process;
                if (round == 0)
                {
                    continue;
                }

                emit[c] += thread / events / (Rounds - 1);
                wall[c] += elapsed.TotalNanoseconds / events / (Rounds - 1);
                total[c] += used.TotalNanoseconds / events / (Rounds - 1);
                pause[c] += (GC.GetTotalPauseDuration() - paused).TotalNanoseconds / events / (Rounds - 1);
                gen0[c] += GC.CollectionCount(0) - collections.Item1;
                gen1[c] += GC.CollectionCount(1) - collections.Item2;
                gen2[c] += GC.CollectionCount(2) - collections.Item3;
            }
        }

        Console.WriteLine($"durable, mean of {Rounds - 1} rounds of {events:N0} events (after one warm-up round); ns per event");
        Console.WriteLine($"{"",-38} {"emit CPU",9} {"emit wall",9} {"GC pause",9} {"CPU to flushed",15}  GCs gen0/1/2");
        for (var c = 0; c < cases.Length; c++)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{cases[c].Name,-38} {emit[c],9:F1} {wall[c],9:F1} {pause[c],9:F1} {total[c],15:F1}  {gen0[c]}/{gen1[c]}/{gen2[c]}"));
        }

        foreach (var (_, tracker) in cases)
        {
            tracker.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        Directory.Delete(folder, recursive: true);
        return 0;
    }

    private static Tracker Node(string name, DurableBufferOptions? buffer) =>
        new(new RoutingBackend([new(name, new AsyncRoutingBackend(
            [new("count", new CountingBatchBackend())],
            options: new AsyncRoutingOptions { Name = name, Capacity = 1_000_000, FullMode = QueueFullMode.Wait, Buffer = buffer }))]));
}
