using BenchmarkDotNet.Attributes;
using EventTracking.Benchmarks.AsyncFloor;

namespace EventTracking.Benchmarks;

/// <summary>
/// The peer of <see cref="AsyncThroughputBenchmarks"/> with one producer: the same events through
/// <see cref="HandWrittenAsyncFloor"/>, the least an in-process async tracker can do. <c>--filter '*AsyncThroughput*'</c>
/// runs both.
/// </summary>
[MemoryDiagnoser]
public class AsyncThroughputFloorBenchmarks
{
    private readonly HandWrittenAsyncFloor _floor = new();

    [Benchmark(OperationsPerInvoke = AsyncThroughputBenchmarks.Events, Description = "hand-written floor: 1 producer -> ring -> reading consumer")]
    public double Floor() => _floor.Run(AsyncThroughputBenchmarks.Events);
}
