namespace EventTracking.Tests.Erasure;

/// <summary>An erasable store in memory: deletes events whose erasure fields hold one of the erasure's values.</summary>
internal sealed class ErasableMemoryStore : IEventBackend, IErasableStore
{
    private readonly Lock _gate = new();
    private readonly List<TrackingEvent> _events = [];

    public UserErasure? LastErasure { get; private set; }

    public Exception? FailWith { get; init; }

    public IReadOnlyList<TrackingEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public void Send(TrackingEvent evt)
    {
        lock (_gate)
        {
            _events.Add(evt);
        }
    }

    public ValueTask<long> EraseUserAsync(UserErasure erasure, CancellationToken cancellationToken = default)
    {
        LastErasure = erasure;
        if (FailWith is not null)
        {
            throw FailWith;
        }

        lock (_gate)
        {
            return ValueTask.FromResult((long)_events.RemoveAll(e => erasure.Fields.Any(f => Holds(e, f, erasure.Values))));
        }
    }

    private static bool Holds(TrackingEvent evt, string field, IReadOnlyList<string> values)
    {
        var keys = field.Split('.');
        object? current = keys[0] == "context" ? evt.Context : evt.Data;
        foreach (var key in keys.Skip(1))
        {
            current = current is IReadOnlyDictionary<string, object?> d && d.TryGetValue(key, out var next) ? next : null;
        }

        return current is not null && values.Contains(KeyedHash.TextOf(current));
    }
}
