namespace EventTracking.AspNetCore;

/// <summary>
/// Keeps the lease of the container's meter (<see cref="EventTrackingDiagnostics.UseMeterFactory"/>) and gives it back
/// when the container disposes this singleton, so the library's instruments never stay on a disposed meter.
/// </summary>
internal sealed class MeterFactoryLeaseHolder : IDisposable
{
    private readonly Lock _gate = new();
    private IDisposable? _lease;

    public void Hold(IDisposable lease)
    {
        lock (_gate)
        {
            _lease?.Dispose();
            _lease = lease;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _lease?.Dispose();
            _lease = null;
        }
    }
}
