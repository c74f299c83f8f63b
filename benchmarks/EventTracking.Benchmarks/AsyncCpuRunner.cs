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
        var best = new BestOfRounds();
        for (var round = 0; round < BestOfRounds.Rounds; round++)
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
            best.Add(threadCpu.Sum(), processCpu, wall.Elapsed.TotalNanoseconds, perProducer * producers);
        }

        tracker.DisposeAsync().AsTask().GetAwaiter().GetResult();
        best.Print(name);
    }

    // The same measures for the hand-written floor (see HandWrittenAsyncFloor), one producer.
    private static void MeasureFloor(string name, int events)
    {
        var floor = new AsyncFloor.HandWrittenAsyncFloor();
        var best = new BestOfRounds();
        for (var round = 0; round < BestOfRounds.Rounds; round++)
        {
            var processBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var threadCpu = floor.Run(events);
            wall.Stop();
            var processCpu = (Process.GetCurrentProcess().TotalProcessorTime - processBefore).TotalNanoseconds;
            best.Add(threadCpu, processCpu, wall.Elapsed.TotalNanoseconds, events);
        }

        best.Print(name);
    }

    // The best per-event thread, process and wall time over the rounds of one case, and its line of output.
    private sealed class BestOfRounds
    {
        public const int Rounds = 7;

        private double _thread = double.MaxValue;
        private double _process = double.MaxValue;
        private double _wall = double.MaxValue;

        /// <summary>One round's totals in nanoseconds, over <paramref name="events"/> events.</summary>
        public void Add(double thread, double process, double wall, long events)
        {
            _thread = Math.Min(_thread, thread / events);
            _process = Math.Min(_process, process / events);
            _wall = Math.Min(_wall, wall / events);
        }

        public void Print(string name) => Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{name,-55} thread {_thread,7:F1} ns   process {_process,7:F1} ns   wall {_wall,7:F1} ns ({1e3 / _wall:F1} M events/s)"));
    }
}
