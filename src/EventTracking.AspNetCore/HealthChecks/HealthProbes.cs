namespace EventTracking.AspNetCore;

/// <summary>
/// Probes the host attached to backends it created that do not implement <see cref="IHealthProbe"/> themselves
/// (SQLite and MongoDB), keyed by the backend instance.
/// </summary>
internal sealed class HealthProbes
{
    private readonly Lock _gate = new();
    private readonly Dictionary<IEventBackend, IHealthProbe> _probes = new(ReferenceEqualityComparer.Instance);

    public void Add(IEventBackend backend, IHealthProbe probe)
    {
        lock (_gate)
        {
            _probes[backend] = probe;
        }
    }

    /// <summary>The backend's own probe if it has one, else the one attached to it, else null.</summary>
    public IHealthProbe? Find(IEventBackend backend)
    {
        if (backend is IHealthProbe own)
        {
            return own;
        }

        lock (_gate)
        {
            return _probes.GetValueOrDefault(backend);
        }
    }
}
