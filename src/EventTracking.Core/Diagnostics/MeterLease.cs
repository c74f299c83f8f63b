using System.Diagnostics.Metrics;

namespace EventTracking;

/// <summary>Hands the instruments back to the library's own meter when a container's meter goes away.</summary>
internal sealed class MeterLease(Meter meter) : IDisposable
{
    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Metrics.Release(meter);
        }
    }
}
