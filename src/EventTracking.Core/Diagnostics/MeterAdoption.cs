namespace EventTracking;

/// <summary>
/// Moves a routing tree onto a container's instruments: a tracker built inside a container's meter scope adopts every
/// router, async node and <see cref="IEventTrackingMeterUser"/> of its tree, including those constructed before the
/// container existed, which would otherwise count on the library's own meter for life.
/// </summary>
internal static class MeterAdoption
{
    public static void Adopt(RoutingBackend root, MeterInstruments instruments)
    {
        if (instruments.Factory is not { } factory)
        {
            return; // The library's own meter: nothing to move to.
        }

        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        Visit(root, instruments, factory, seen);
    }

    private static void Visit(object component, MeterInstruments instruments, System.Diagnostics.Metrics.IMeterFactory factory, HashSet<object> seen)
    {
        if (!seen.Add(component))
        {
            return;
        }

        if (component is IEventTrackingMeterUser user)
        {
            user.UseMeterFactory(factory);
        }

        if (component is not RoutingBackend router)
        {
            return;
        }

        router.UseInstruments(instruments);
        foreach (var processor in router.Processors)
        {
            Visit(processor, instruments, factory, seen);
        }

        foreach (var (_, child) in router.Backends)
        {
            Visit(child, instruments, factory, seen);
        }
    }
}
