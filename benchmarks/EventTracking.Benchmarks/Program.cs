using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/EventTracking.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
