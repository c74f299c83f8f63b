using System.Diagnostics.Metrics;

namespace EventTracking.Tests;

/// <summary>Counts drops with reason "unmappable" on the EventTracking meter while alive.</summary>
internal sealed class DroppedCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _unmappable;

    public DroppedCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == EventTrackingDiagnostics.MeterName && instrument.Name == "eventtracking.events.dropped")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "eventtracking.drop.reason" && (string?)tag.Value == "unmappable")
                {
                    Interlocked.Add(ref _unmappable, value);
                }
            }
        });
        _listener.Start();
    }

    public long Unmappable => Interlocked.Read(ref _unmappable);

    public void Dispose() => _listener.Dispose();
}
