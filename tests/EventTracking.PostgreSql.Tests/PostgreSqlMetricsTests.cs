using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace EventTracking.Tests;

/// <summary>
/// A COPY that hits a stored id falls back to the staging table, and that is counted
/// (<c>eventtracking.postgresql.conflict_fallbacks</c>), as are the events skipped as already stored.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class PostgreSqlMetricsTests : PostgresTableTest
{
    [Test]
    public async Task EachCopyThatHitsAStoredIdIsCountedAsAFallbackAndEachSkippedEventAsADuplicate()
    {
        var counts = new ConcurrentDictionary<string, long>();
        using var listener = Listen(counts, scope: null);
        await using var backend = new PostgreSqlBackend(new PostgreSqlBackendOptions { ConnectionString = Server, Table = Table });
        var first = TestEvents.Small(20);
        var second = TestEvents.Small(20);
        var third = TestEvents.Small(20);

        await backend.SendBatchAsync(first, CancellationToken.None);                               // straight COPY
        await backend.SendBatchAsync(first, CancellationToken.None);                               // COPY fails: fallback, 20 skipped
        await backend.SendBatchAsync(second, CancellationToken.None);                              // staging directly, all new
        await backend.SendBatchAsync(third, CancellationToken.None);                               // straight COPY again
        await backend.SendBatchAsync([.. third[15..], .. TestEvents.Small(5)], CancellationToken.None); // fallback, 5 skipped

        Assert.That(counts.GetValueOrDefault("eventtracking.postgresql.conflict_fallbacks"), Is.EqualTo(2));
        Assert.That(counts.GetValueOrDefault("eventtracking.postgresql.duplicates_skipped"), Is.EqualTo(25));
        Assert.That(await PostgresServer.ScalarAsync<long>(Server, $"SELECT count(*) FROM \"{Table}\""), Is.EqualTo(65));
    }

    [Test]
    public async Task ABackendBuiltFromConfigurationCountsOnItsContainersMeterOnly()
    {
        var services = new ServiceCollection();
        services.AddEventTracking(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EventTracking:Backends:pg:Type"] = "PostgreSql",
            ["EventTracking:Backends:pg:Options:ConnectionString"] = Server,
            ["EventTracking:Backends:pg:Options:Table"] = Table,
        }).Build().GetSection("EventTracking"));
        await using var provider = services.BuildServiceProvider();
        using var fallbacks = new MetricCollector<long>(
            provider.GetRequiredService<IMeterFactory>(), EventTrackingDiagnostics.MeterName, "eventtracking.postgresql.conflict_fallbacks");
        var library = new ConcurrentDictionary<string, long>();
        using var listener = Listen(library, scope: null);
        var backend = (PostgreSqlBackend)provider.GetRequiredService<Tracker>().Backend.Backends["pg"];
        var batch = TestEvents.Small(3);

        await backend.SendBatchAsync(batch, CancellationToken.None);
        await backend.SendBatchAsync(batch, CancellationToken.None);

        var measured = fallbacks.GetMeasurementSnapshot();
        Assert.That(measured.Sum(m => m.Value), Is.EqualTo(1));
        Assert.That(measured[0].Tags["eventtracking.postgresql.table"], Is.EqualTo(Table));
        Assert.That(library, Is.Empty, "nothing on the library's own meter");
    }

    [Test]
    public async Task ABackendBuiltBeforeTheContainerAndAddedAsAnInstanceCountsOnTheContainersMeterOnly()
    {
        // Constructed in Program.cs before the host exists, then handed to AddEventTracking as an instance.
        await using var backend = new PostgreSqlBackend(new PostgreSqlBackendOptions { ConnectionString = Server, Table = Table });
        var services = new ServiceCollection();
        services.AddEventTracking(t => t.AddBackend("pg", backend));
        await using var provider = services.BuildServiceProvider();
        using var skipped = new MetricCollector<long>(
            provider.GetRequiredService<IMeterFactory>(), EventTrackingDiagnostics.MeterName, "eventtracking.postgresql.duplicates_skipped");
        var library = new ConcurrentDictionary<string, long>();
        using var listener = Listen(library, scope: null);
        var tracker = provider.GetRequiredService<ITracker>();
        var batch = TestEvents.Small(4);

        await tracker.DeliverAsync(batch, CancellationToken.None);
        await tracker.DeliverAsync(batch, CancellationToken.None);

        Assert.That(skipped.GetMeasurementSnapshot().Where(m => Equals(m.Tags["eventtracking.postgresql.table"], Table)).Sum(m => m.Value), Is.EqualTo(4));
        Assert.That(library, Is.Empty, "nothing on the library's own meter");
    }

    // Sums the PostgreSQL counters of this test's table on the meters whose scope is `scope` (null: the library's own).
    private MeterListener Listen(ConcurrentDictionary<string, long> counts, object? scope)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == EventTrackingDiagnostics.MeterName && instrument.Meter.Scope == scope
                    && instrument.Name.StartsWith("eventtracking.postgresql.", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "eventtracking.postgresql.table" && Equals(tag.Value, Table))
                {
                    counts.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
                }
            }
        });
        listener.Start();
        return listener;
    }
}
