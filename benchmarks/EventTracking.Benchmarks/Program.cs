using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/EventTracking.Benchmarks -- --filter '*'
// CI runs the same with --job Dry: every benchmark builds and runs once, nothing is timed.
// On a shared machine, "-- thread-cpu per-event" (or steady-state) times the context-read peers by thread CPU time,
// "-- thread-cpu async" the async-routing intake and throughput by thread and process CPU time,
// "-- thread-cpu intake" the intake queues that were considered for AsyncRoutingBackend, and
// "-- thread-cpu durable" the durable buffer's emit and emit-to-flushed costs, and "-- reader-speed" times the
// dashboard's queries over a million events in SQLite.
if (args is ["reader-speed", ..])
{
    return await EventTracking.Benchmarks.ReaderSpeedRunner.RunAsync(args);
}

if (args is ["thread-cpu", "intake", ..])
{
    return EventTracking.Benchmarks.IntakeCandidates.Run();
}

if (args is ["thread-cpu", "async", ..])
{
    return EventTracking.Benchmarks.AsyncCpuRunner.Run(args);
}

if (args is ["thread-cpu", "durable", ..])
{
    return EventTracking.Benchmarks.DurableThreadCpuRunner.Run(args);
}

if (args.Length > 0 && args[0] == "thread-cpu")
{
    return EventTracking.Benchmarks.ContextRead.ThreadCpuRunner.Run(args);
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;
