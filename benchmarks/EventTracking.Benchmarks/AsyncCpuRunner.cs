using System.Diagnostics;
using System.Globalization;

namespace EventTracking.Benchmarks;

/// <summary>
/// The async-routing benchmarks measured for a shared machine: CPU time rather than wall time, so time spent descheduled
/// by other processes does not count. For each case: the producers' thread CPU per event (and a hand-written floor's, one producer) (Linux
/// <c>CLOCK_THREAD_CPUTIME_ID</c>), the whole process's CPU per event (producers + the node's worker + the lane), and the
/// wall time per event; best of seven rounds.
/// <c>dotnet run -c Release --project benchmarks/EventTracking.Benchmarks -- thread-cpu async [events]</c>.
/// </summary>
internal static class AsyncCpuRunner
{
    public static int Run(string[] args)
    {
        var events = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000;
        Console.WriteLine($"thread CPU / process CPU / wall per event, best of 7 rounds of {events:N0} events");
        Measure("AsyncRoutingBackend.Send (enqueue), 1 producer", events, 1, emit: false);
        Measure("Emit -> async -> reading batch backend, 1 producer", events, 1, emit: true);
        Measure("Emit -> async -> reading batch backend, 4 producers", events, 4, emit: true);
        MeasureFloor("hand-written floor (ring, consumer), 1 producer", events);
        return 0;
    }

    private static void Measure(string name, int events, int producers, bool emit)
    {
        var counter = new ReadingBatchBackend();

        // Capacity as large as a round, so the producers never wait for the worker: this times the intake itself.
        var node = new AsyncRoutingBackend([new("count", counter)], options: new AsyncRoutingOptions { Capacity = events, FullMode = QueueFullMode.Wait });
        var tracker = new Tracker(new RoutingBackend([new("store", node)]));
        var evt = new TrackingEvent(Guid.CreateVersion7(), "navigation.request", DateTimeOffset.UtcNow, data: new { url = "/" });
        double bestThread = double.MaxValue, bestProcess = double.MaxValue, bestWall = double.MaxValue;
        for (var round = 0; round < 7; round++)
        {
            var perProducer = events / producers;
            var threadCpu = new double[producers];
            using var start = new Barrier(producers + 1);
            var threads = Enumerable.Range(0, producers).Select(p => new Thread(() =>
            {
                start.SignalAndWait();
                var begin = ThreadCpuClock.Now();
                for (var i = 0; i < perProducer; i++)
                {
                    if (emit)
                    {
                        tracker.Emit("navigation.request", new { i });
                    }
                    else
                    {
                        node.Send(evt);
                    }
                }

                threadCpu[p] = ThreadCpuClock.Now() - begin;
            })).ToList();
            threads.ForEach(t => t.Start());
            var processBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            start.SignalAndWait();
            threads.ForEach(t => t.Join());
            tracker.FlushAsync().AsTask().GetAwaiter().GetResult();
            wall.Stop();
            var processCpu = (Process.GetCurrentProcess().TotalProcessorTime - processBefore).TotalNanoseconds;
            var total = perProducer * producers;
            bestThread = Math.Min(bestThread, threadCpu.Sum() / total);
            bestProcess = Math.Min(bestProcess, processCpu / total);
            bestWall = Math.Min(bestWall, wall.Elapsed.TotalNanoseconds / total);
        }

        tracker.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Print(name, bestThread, bestProcess, bestWall);
    }

    // The same measures for the hand-written floor (see HandWrittenAsyncFloor), one producer.
    private static void MeasureFloor(string name, int events)
    {
        var floor = new AsyncFloor.HandWrittenAsyncFloor();
        double bestThread = double.MaxValue, bestProcess = double.MaxValue, bestWall = double.MaxValue;
        for (var round = 0; round < 7; round++)
        {
            var processBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var threadCpu = floor.Run(events);
            wall.Stop();
            var processCpu = (Process.GetCurrentProcess().TotalProcessorTime - processBefore).TotalNanoseconds;
            bestThread = Math.Min(bestThread, threadCpu / events);
            bestProcess = Math.Min(bestProcess, processCpu / events);
            bestWall = Math.Min(bestWall, wall.Elapsed.TotalNanoseconds / events);
        }

        Print(name, bestThread, bestProcess, bestWall);
    }

    private static void Print(string name, double thread, double process, double wall) => Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{name,-55} thread {thread,7:F1} ns   process {process,7:F1} ns   wall {wall,7:F1} ns ({1e3 / wall:F1} M events/s)"));
}
