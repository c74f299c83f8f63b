using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace EventTracking.AspNetCore.Tests.Support;

/// <summary>A Serilog sink that keeps what it receives.</summary>
internal sealed class CollectingSink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => _events.ToArray();

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
}
