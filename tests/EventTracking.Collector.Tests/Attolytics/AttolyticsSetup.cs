using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests.Attolytics;

/// <summary>
/// The Attolytics tests' host: the surface mapped from a schema file, over a SQLite store a request waits for, beside a
/// switch (<c>a_switch</c>, delivered to first) that can make delivery fail, with a fake clock at <see cref="Now"/>; and
/// what those tests ask of it.
/// </summary>
internal static class AttolyticsSetup
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, 123, 456, TimeSpan.Zero);

    /// <summary>Maps Attolytics under <paramref name="prefix"/> from <paramref name="schema"/>.</summary>
    public static CollectorTestHostBuilder AttolyticsWithSwitch(this CollectorTestHostBuilder host, string schema = AttolyticsSchemas.Example, string prefix = "") =>
        host.StoreDirectly().SwitchBesideStore("a_switch").WithClock(Now).Attolytics(prefix, schema);

    /// <summary>The stored events whose <c>user_id</c> or <c>run</c> column is <paramref name="marker"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<TrackingEvent>> StoredWithMarkerAsync(this CollectorTestHost host, string marker) =>
        [.. (await host.StoredAsync()).Where(e => Equals(e.Data.GetValueOrDefault("user_id"), marker) || Equals(e.Data.GetValueOrDefault("run"), marker))];
}
