using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Serilog;
using Serilog.Events;

namespace EventTracking.Tests.Logging;

public sealed class SerilogBackendTests
{
    private CollectingSink _sink = null!;
    private Serilog.Core.Logger _serilog = null!;

    [SetUp]
    public void CreatePipeline()
    {
        _sink = new CollectingSink();
        _serilog = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(_sink).CreateLogger();
    }

    [TearDown]
    public void DisposePipeline() => _serilog.Dispose();

    [Test]
    public void AStructuredEventCarriesItsFieldsAsProperties()
    {
        var evt = SampleEvents.Navigation();

        new SerilogBackend(_serilog).Send(evt);

        var logged = _sink.Events.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(logged.Level, Is.EqualTo(LogEventLevel.Information));
            Assert.That(logged.Timestamp, Is.EqualTo(evt.Timestamp));
            Assert.That(logged.MessageTemplate.Text, Is.EqualTo("Tracking event {EventName}"));
            Assert.That(logged.RenderMessage(), Is.EqualTo("Tracking event \"navigation.request\""));
            Assert.That(Scalar(logged.Properties["EventName"]), Is.EqualTo("navigation.request"));
            Assert.That(Scalar(logged.Properties["EventId"]), Is.EqualTo(evt.Id));
            Assert.That(Scalar(logged.Properties["EventTimestamp"]), Is.EqualTo(evt.Timestamp));
        }
    }

    [Test]
    public void NestedContextAndDataStayNested()
    {
        new SerilogBackend(_serilog).Send(SampleEvents.Navigation());

        var logged = _sink.Events.Single();
        var context = (StructureValue)logged.Properties["Context"];
        var data = (StructureValue)logged.Properties["Data"];
        var answer = (StructureValue)Field(data, "answer");
        var tags = (SequenceValue)Field(data, "tags");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Scalar(Field(context, "user_id")), Is.EqualTo(10938));
            Assert.That(Scalar(Field(data, "url")), Is.EqualTo("http://www.edx.org/some/path/1"));
            Assert.That(Scalar(Field(answer, "correct")), Is.EqualTo(true));
            Assert.That(Scalar(Field(answer, "attempts")), Is.EqualTo(2));
            Assert.That(tags.Elements, Has.Count.EqualTo(3));
            Assert.That(Scalar(Field((StructureValue)tags.Elements[2], "deep")), Is.EqualTo("yes"));
        }
    }

    [Test]
    public void KeysThatAreNotSerilogPropertyNamesAreKeptInADictionary()
    {
        var evt = new TrackingEvent(Guid.CreateVersion7(), "odd.keys", DateTimeOffset.UtcNow, null,
            new Dictionary<string, object?> { [""] = 1, ["ok"] = 2 });

        new SerilogBackend(_serilog).Send(evt);

        var data = (DictionaryValue)_sink.Events.Single().Properties["Data"];
        Assert.That(data.Elements.Select(e => e.Key.Value), Is.EquivalentTo(new[] { "", "ok" }));
    }

    [Test]
    public void TheLevelIsConfigurable()
    {
        new SerilogBackend(_serilog, new SerilogBackendOptions { Level = LogEventLevel.Warning }).Send(SampleEvents.Navigation());

        Assert.That(_sink.Events.Single().Level, Is.EqualTo(LogEventLevel.Warning));
    }

    [Test]
    public void NothingIsWrittenOrCountedBelowTheLoggersMinimumLevel()
    {
        using var dropped = DroppedCollector();

        new SerilogBackend(_serilog, new SerilogBackendOptions { Level = LogEventLevel.Debug, MaxEventSize = 10 }).Send(SampleEvents.Navigation());

        Assert.That(_sink.Events, Is.Empty);
        Assert.That(Measurements(dropped, "oversize"), Is.Empty);
    }

    [Test]
    public void JsonFormatWritesTheCanonicalJsonAsTheMessage()
    {
        var evt = SampleEvents.Navigation();

        new SerilogBackend(_serilog, new SerilogBackendOptions { Format = SerilogEventFormat.Json }).Send(evt);

        var logged = _sink.Events.Single();
        Assert.That(logged.RenderMessage(), Is.EqualTo(EventJson.Serialize(evt)));
        Assert.That(logged.RenderMessage(), Does.Not.Contain('\n'));
    }

    [Test]
    public void WithoutALoggerTheBackendWritesToTheStaticLoggerInForceAtEachEvent()
    {
        var previous = Log.Logger;
        var backend = new SerilogBackend();
        try
        {
            Log.Logger = _serilog;
            backend.Send(SampleEvents.Navigation());
        }
        finally
        {
            Log.Logger = previous;
        }

        Assert.That(_sink.Events, Has.Count.EqualTo(1));
    }

    [Test]
    public void AnOverSizeEventIsDroppedCountedAndWarnedAbout()
    {
        using var dropped = DroppedCollector();
        var warnings = new FakeLogger();
        var backend = new SerilogBackend(_serilog, new SerilogBackendOptions { MaxEventSize = 1024 }, warnings);

        backend.Send(SampleEvents.WithPayload(2000));
        backend.Send(SampleEvents.WithPayload(100));

        var kept = _sink.Events.Single();
        Assert.That(Scalar(kept.Properties["EventName"]), Is.EqualTo("big.event"));
        Assert.That(((StructureValue)kept.Properties["Data"]).Properties.Single().Value.ToString(), Has.Length.EqualTo(102));
        Assert.That(Measurements(dropped, "oversize"), Is.EqualTo(new[] { 1L }));
        var warning = warnings.Collector.GetSnapshot().Single();
        Assert.That(warning.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(warning.Message, Does.Contain("big.event").And.Contain("MaxEventSize (1024 bytes)"));
    }

    [Test]
    public void OverSizeWarningsAreRateLimitedAndCountWhatTheyHeldBack()
    {
        var time = new FakeTimeProvider();
        var warnings = new FakeLogger();
        var backend = new SerilogBackend(_serilog, new SerilogBackendOptions { MaxEventSize = 100 }, warnings, time);

        backend.Send(SampleEvents.WithPayload(500));
        backend.Send(SampleEvents.WithPayload(500));
        backend.Send(SampleEvents.WithPayload(500));
        time.Advance(TimeSpan.FromMinutes(1));
        backend.Send(SampleEvents.WithPayload(500));

        var messages = warnings.Collector.GetSnapshot().Select(r => r.Message).ToArray();
        Assert.That(messages, Has.Length.EqualTo(2));
        Assert.That(messages[0], Does.Contain("0 more over-size events"));
        Assert.That(messages[1], Does.Contain("2 more over-size events"));
    }

    [Test]
    public void NullMaxEventSizeMeansNoLimit()
    {
        new SerilogBackend(_serilog, new SerilogBackendOptions { MaxEventSize = null }).Send(SampleEvents.WithPayload(100_000));

        Assert.That(_sink.Events, Has.Count.EqualTo(1));
    }

    [Test]
    public void AMaxEventSizeThatIsNotPositiveIsAConfigurationError()
    {
        Assert.That(
            () => new SerilogBackend(_serilog, new SerilogBackendOptions { MaxEventSize = 0 }),
            Throws.ArgumentException.With.Message.Contains("MaxEventSize"));
    }

    private static object? Scalar(LogEventPropertyValue value) => ((ScalarValue)value).Value;

    private static LogEventPropertyValue Field(StructureValue structure, string name) =>
        structure.Properties.Single(p => p.Name == name).Value;

    private static MetricCollector<long> DroppedCollector() =>
        new(null, EventTrackingDiagnostics.MeterName, "eventtracking.events.dropped");

    private static long[] Measurements(MetricCollector<long> collector, string reason) =>
        collector.GetMeasurementSnapshot()
            .Where(m => m.Tags.TryGetValue("eventtracking.drop.reason", out var r) && (string?)r == reason
                && m.Tags.TryGetValue("eventtracking.node", out var w) && (string?)w == nameof(SerilogBackend))
            .Select(m => m.Value)
            .ToArray();
}
