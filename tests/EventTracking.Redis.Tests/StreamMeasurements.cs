using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace EventTracking.Tests;

/// <summary>The <c>eventtracking.redis.*</c> measurements tagged with one stream, on the meters a predicate picks.</summary>
internal sealed class StreamMeasurements : IDisposable
{
    private readonly MeterListener _listener;
    private readonly TaskCompletionSource _consumed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _consumedCount;
    private long _expected = long.MaxValue;

    public StreamMeasurements(string stream, Func<Meter, bool> meters)
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == EventTrackingDiagnostics.MeterName && meters(instrument.Meter)
                    && instrument.Name.StartsWith("eventtracking.redis.", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var tagged = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                tagged[tag.Key] = tag.Value;
            }

            if (!Equals(tagged.GetValueOrDefault("eventtracking.redis.stream"), stream))
            {
                return;
            }

            All.Enqueue((instrument.Name, value, tagged));
            if (instrument.Name == "eventtracking.redis.consumed" && Interlocked.Add(ref _consumedCount, value) >= Interlocked.Read(ref _expected))
            {
                _consumed.TrySetResult();
            }
        });
        _listener.Start();
    }

    public ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)> All { get; } = new();

    public List<(string Instrument, long Value, Dictionary<string, object?> Tags)> Of(string instrument) =>
        All.Where(m => m.Instrument == instrument).ToList();

    /// <summary>Completes once <paramref name="count"/> events were counted consumed.</summary>
    public Task Consumed(long count)
    {
        Interlocked.Exchange(ref _expected, count);
        if (Interlocked.Read(ref _consumedCount) >= count)
        {
            _consumed.TrySetResult();
        }

        return _consumed.Task;
    }

    /// <summary>Takes a reading of the gauges (lag, pending).</summary>
    public void Record() => _listener.RecordObservableInstruments();

    public void Dispose() => _listener.Dispose();
}
