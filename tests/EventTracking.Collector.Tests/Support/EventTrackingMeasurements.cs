using System.Diagnostics.Metrics;

namespace EventTracking.Collector.Tests.Support;

/// <summary>
/// Records one instrument of every <c>EventTracking</c> meter, whatever its scope: the library's own meter and the one
/// a host's <see cref="IMeterFactory"/> creates, including meters created after this starts listening.
/// </summary>
internal sealed class EventTrackingMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(long Value, Dictionary<string, object?> Tags)> _measurements = [];

    public EventTrackingMeasurements(string instrumentName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == EventTrackingDiagnostics.MeterName && instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            lock (_measurements)
            {
                _measurements.Add((value, copy));
            }
        });
        _listener.Start();
    }

    /// <summary>The sum of the values whose tag <paramref name="key"/> equals <paramref name="value"/>, or of all values.</summary>
    public long Sum(string? key = null, object? value = null)
    {
        lock (_measurements)
        {
            return _measurements.Where(m => key is null || Equals(m.Tags.GetValueOrDefault(key), value)).Sum(m => m.Value);
        }
    }

    public void Dispose() => _listener.Dispose();
}
