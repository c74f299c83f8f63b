using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/EventTracking.Benchmarks -- --filter '*'
// CI runs the same with --job Dry --inProcess: every benchmark runs once in this process, nothing is timed.
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;
