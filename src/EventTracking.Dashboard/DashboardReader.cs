using EventTracking.Reading;
using Microsoft.Extensions.DependencyInjection;

namespace EventTracking.Dashboard;

/// <summary>
/// Finds the store the dashboard reads: an <see cref="IEventReader"/> registered in DI, or else the one backend in the
/// tracker's routing tree that can be read (a <c>SqliteBackend</c>, for instance). Resolved once, on first use.
/// </summary>
internal sealed class DashboardReader
{
    private readonly IServiceProvider _services;
    private readonly Lazy<(IEventReader? Reader, string? Problem)> _reader;

    public DashboardReader(IServiceProvider services)
    {
        _services = services;
        _reader = new Lazy<(IEventReader?, string?)>(Resolve);
    }

    /// <summary>The reader, or why there is none (shown on the page and in the 503 answer).</summary>
    public (IEventReader? Reader, string? Problem) Get() => _reader.Value;

    private (IEventReader?, string?) Resolve()
    {
        if (_services.GetService<IEventReader>() is { } registered)
        {
            return (registered, null);
        }

        if (_services.GetService<Tracker>() is not { } tracker)
        {
            return (null, "No IEventReader is registered and no Tracker is: register one with services.AddSingleton<IEventReader>(...), or add EventTracking with a SQLite store.");
        }

        var readers = Readable(tracker.Backend);
        return readers.Count switch
        {
            1 => (readers[0], null),
            0 => (null, "The tracker's routing tree has no store that can be read; register one with services.AddSingleton<IEventReader>(...)."),
            _ => (null, $"The tracker's routing tree has {readers.Count} stores that can be read; register the one to show with services.AddSingleton<IEventReader>(...)."),
        };
    }

    private static List<IEventReader> Readable(RoutingBackend root)
    {
        var found = new List<IEventReader>();
        var visited = new HashSet<IEventBackend>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<IEventBackend>([root]);
        while (pending.TryPop(out var backend))
        {
            if (!visited.Add(backend))
            {
                continue;
            }

            if (backend is IEventReader reader)
            {
                found.Add(reader);
            }
            else if (backend is RoutingBackend router)
            {
                foreach (var child in router.Backends.Values)
                {
                    pending.Push(child);
                }
            }
        }

        return found;
    }
}
