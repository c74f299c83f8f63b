using System.Diagnostics.Metrics;

namespace EventTracking.Tests.Diagnostics;

/// <summary>A package's instruments made with <see cref="EventTrackingDiagnostics.CreateInstruments{T}"/> follow the library's meter.</summary>
[NonParallelizable]
public sealed class PackageInstrumentsTests
{
    [Test]
    public void APackagesInstrumentsMoveOntoTheFactorysMeterAndBackWhenItsLeaseIsDisposed()
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

        var before = instruments.Current;
        instruments.Current.Add(1);
        using (EventTrackingDiagnostics.UseMeterFactory(factory))
        {
            Assert.That(instruments.Current.Meter.Scope, Is.SameAs(factory));
            Assert.That(instruments.Current.Meter.Name, Is.EqualTo(EventTrackingDiagnostics.MeterName));
            instruments.Current.Add(2);
        }

        instruments.Current.Add(3);

        Assert.That(created, Is.EqualTo(3), "on the library's meter, the factory's, and the library's again");
        Assert.That(instruments.Current, Is.Not.SameAs(before));
        Assert.That(instruments.Current.Meter.Scope, Is.Null);
        Assert.That(seen, Is.EqualTo(new (object?, long)[] { (null, 1), (factory, 2), (null, 3) }));
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
