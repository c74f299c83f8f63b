using System.Globalization;

namespace EventTracking.Benchmarks.ContextRead;

/// <summary>
/// A second measure for a shared machine: the benchmark methods of the context-read classes timed by the CPU time of
/// the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>), so time spent descheduled by other processes does not
/// count; the best of seven rounds, every peer in each round, and the bytes each call allocated on that thread.
/// <c>dotnet run -c Release --project benchmarks/EventTracking.Benchmarks -- thread-cpu [per-event|steady-state|walk-per-event|walk-steady-state|depth] [calls]</c>.
/// </summary>
internal static class ThreadCpuRunner
{
    public static int Run(string[] args)
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("thread-cpu needs Linux (CLOCK_THREAD_CPUTIME_ID).");
            return 2;
        }

        var which = args.Length > 1 ? args[1] : "per-event";
        var calls = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200_000;
        (string Name, Func<long> Call)[] cases;
        if (which == "depth")
        {
            var depth = new ContextDepthBenchmarks();
            depth.Setup();
            cases = [.. new[] { 1, 2, 5, 10 }.SelectMany(frames => new (string, Func<long>)[]
            {
                ($"EventTracking, {frames} frames", () => { depth.Frames = frames; return depth.EventTracking(); }),
                ($"hand-written floor, {frames} frames", () => { depth.Frames = frames; return depth.Floor(); }),
            })];
        }
        else if (which == "steady-state")
        {
            var steady = new ContextReadSteadyStateBenchmarks();
            steady.Setup();
            cases = [("Serilog", steady.Serilog), ("EventTracking, EventJson", steady.EventTracking), ("EventTracking, foreach", steady.EventTrackingForeach),
                ("M.E.Logging", steady.MicrosoftLogging), ("hand-written floor", steady.Floor)];
        }
        else if (which == "walk-steady-state")
        {
            var steady = new ContextWalkSteadyStateBenchmarks();
            steady.Setup();
            cases = [("Serilog", steady.Serilog), ("EventTracking", steady.EventTracking), ("M.E.Logging", steady.MicrosoftLogging), ("hand-written floor", steady.Floor)];
        }
        else if (which == "walk-per-event")
        {
            var perEvent = new ContextWalkPerEventBenchmarks();
            perEvent.Setup();
            cases = [("Serilog", perEvent.Serilog), ("EventTracking", perEvent.EventTracking), ("M.E.Logging", perEvent.MicrosoftLogging), ("hand-written floor", perEvent.Floor)];
        }
        else
        {
            var perEvent = new ContextReadPerEventBenchmarks();
            perEvent.Setup();
            cases = [("Serilog", perEvent.Serilog), ("EventTracking, EventJson", perEvent.EventTracking), ("EventTracking, foreach", perEvent.EventTrackingForeach),
                ("EventTracking, context ignored", perEvent.EventTrackingIgnoring), ("M.E.Logging", perEvent.MicrosoftLogging), ("hand-written floor", perEvent.Floor)];
        }

        var best = new double[cases.Length];
        var allocated = new double[cases.Length];
        Array.Fill(best, double.MaxValue);
        for (var round = 0; round < 7; round++)
        {
            for (var c = 0; c < cases.Length; c++)
            {
                var call = cases[c].Call;
                var bytes = GC.GetAllocatedBytesForCurrentThread();
                var start = ThreadCpuClock.Now();
                for (var i = 0; i < calls; i++)
                {
                    call();
                }

                best[c] = Math.Min(best[c], (ThreadCpuClock.Now() - start) / calls);
                allocated[c] = (double)(GC.GetAllocatedBytesForCurrentThread() - bytes) / calls;
            }
        }

        Console.WriteLine($"{which}, thread CPU time per call, best of 7 rounds of {calls:N0} calls");
        for (var c = 0; c < cases.Length; c++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{cases[c].Name,-32} {best[c],8:F1} ns   {best[c] / best[0]:F2} x {cases[0].Name}   {allocated[c],6:F0} B"));
        }

        return 0;
    }
}
