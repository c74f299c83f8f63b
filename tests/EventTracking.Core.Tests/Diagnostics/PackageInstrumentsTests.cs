using System.Diagnostics.Metrics;

namespace EventTracking.Tests.Diagnostics;

/// <summary>A package's instruments made with <see cref="EventTrackingDiagnostics.CreateInstruments{T}"/> are one set per meter; the set of a factory's meter is current inside its scope.</summary>
[NonParallelizable]
public sealed class PackageInstrumentsTests
{
    [Test]
    public void APackagesInstrumentsAreOneSetPerMeterAndTheFactorysSetIsCurrentOnlyInsideItsScope()
    {
        var created = 0;
        var instruments = EventTrackingDiagnostics.CreateInstruments(meter =>
        {
            created++;
            return meter.CreateCounter<long>("eventtracking.test.things", "{thing}");
        });
        using var factory = new ScopedMeterFactory();
        var seen = new List<(object? Scope, long Value)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "eventtracking.test.things")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => seen.Add((instrument.Meter.Scope, value)));
        listener.Start();

        var library = instruments.Current;
        library.Add(1);
        Counter<long> built;
        using (EventTrackingDiagnostics.UseMeterFactory(factory))
        {
            built = instruments.Current;
            Assert.That(built.Meter.Scope, Is.SameAs(factory));
            Assert.That(built.Meter.Name, Is.EqualTo(EventTrackingDiagnostics.MeterName));
        }

        // A component built in the scope keeps the factory's set after it; the thread is back on the library's.
        built.Add(2);
        instruments.Current.Add(3);

        Assert.That(created, Is.EqualTo(2), "one set on the library's meter, one on the factory's");
        Assert.That(instruments.Current, Is.SameAs(library));
        Assert.That(library.Meter.Scope, Is.Null);
        Assert.That(seen, Is.EqualTo(new (object?, long)[] { (null, 1), (factory, 2), (null, 3) }));
    }

    [Test]
    public void AScopeOnOneThreadDoesNotMoveWhatAnotherThreadBuilds()
    {
        var instruments = EventTrackingDiagnostics.CreateInstruments(meter => meter.CreateCounter<long>("eventtracking.test.threads"));
        using var factory = new ScopedMeterFactory();
        using (EventTrackingDiagnostics.UseMeterFactory(factory))
        {
            Counter<long>? elsewhere = null;
            var thread = new Thread(() => elsewhere = instruments.Current);
            thread.Start();
            thread.Join();
            Assert.That(elsewhere!.Meter.Scope, Is.Null);
            Assert.That(instruments.Current.Meter.Scope, Is.SameAs(factory));
        }
    }

    [Test]
    public void CreateInstrumentsRejectsANullFactoryMethod()
    {
        Assert.Throws<ArgumentNullException>(() => EventTrackingDiagnostics.CreateInstruments<object>(null!));
    }

    private sealed class ScopedMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in _meters)
            {
                meter.Dispose();
            }
        }
    }
}
