using System.Diagnostics;
using OpenTelemetry.Logs;

namespace EventTracking.OpenTelemetry.Tests;

public sealed class OpenTelemetryBackendTests
{
    private List<LogRecord> _records = null!;
    private OpenTelemetryBackend _backend = null!;
    private Tracker _tracker = null!;

    [SetUp]
    public void SetUp()
    {
        _records = [];
        _backend = new OpenTelemetryBackend(new OpenTelemetryBackendOptions { Configure = o => o.AddInMemoryExporter(_records) });
        _tracker = new Tracker(new Dictionary<string, IEventBackend> { ["otel"] = _backend });
    }

    [TearDown]
    public async Task TearDown()
    {
        await _tracker.DisposeAsync();
        _backend.Dispose();
    }

    [Test]
    public void AnEventBecomesALogRecordWithItsNameAttributesTimeAndTraceIds()
    {
        using var activity = new Activity("checkout").SetIdFormat(ActivityIdFormat.W3C).Start();
        using (_tracker.Context("request", new { user_id = 10938 }))
        {
            _tracker.Emit("address.create", new
            {
                name = "Address",
                address = new { city = "Boston", zip = "02115" },
                tags = new[] { "home", "main" },
                lines = new[] { new { sku = "a" } },
            });
        }

        var record = _records.Single();
        var attributes = record.Attributes!.ToDictionary(a => a.Key, a => a.Value);
        Assert.Multiple(() =>
        {
            Assert.That(record.EventId.Name, Is.EqualTo("address.create"));
            Assert.That(record.CategoryName, Is.EqualTo("EventTracking.Events"));
            Assert.That(record.LogLevel, Is.EqualTo(Microsoft.Extensions.Logging.LogLevel.Information));
            Assert.That(attributes["context.user_id"], Is.EqualTo(10938L));
            Assert.That(attributes["data.name"], Is.EqualTo("Address"));
            Assert.That(attributes["data.address.city"], Is.EqualTo("Boston"));
            Assert.That(attributes["data.tags"], Is.EqualTo(new object[] { "home", "main" }));
            Assert.That(attributes["data.lines"], Is.EqualTo("""[{"sku":"a"}]"""));
            Assert.That(attributes["eventtracking.event.id"], Is.Not.Null);
            Assert.That(record.TraceId, Is.EqualTo(activity.TraceId));
            Assert.That(record.SpanId, Is.EqualTo(activity.SpanId));
        });
    }

    [Test]
    public async Task AnEventDeliveredOnAWorkerKeepsTheTraceIdsAndTimeItWasEmittedWith()
    {
        var records = new List<LogRecord>();
        await using var backend = new OpenTelemetryBackend(new OpenTelemetryBackendOptions { Configure = o => o.AddInMemoryExporter(records) });
        await using var tracker = new Tracker(new Dictionary<string, IEventBackend>
        {
            ["async"] = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["otel"] = backend }),
        });
        ActivityTraceId traceId;
        using (var activity = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            traceId = activity.TraceId;
            tracker.Emit("queued");
        }

        await tracker.FlushAsync();

        Assert.That(records.Single().TraceId, Is.EqualTo(traceId));
    }

    [Test]
    public void AnEventEmittedOutsideAnyActivityHasNoTraceIds()
    {
        Assume.That(Activity.Current, Is.Null);

        _tracker.Emit("plain", new { a = 1 });

        Assert.That(_records.Single().TraceId, Is.EqualTo(default(ActivityTraceId)));
    }

    [Test]
    public void TheRecordCarriesTheEventsTimestamp()
    {
        var evt = new TrackingEvent(Guid.CreateVersion7(), "stored", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

        _backend.Send(evt);

        Assert.That(_records.Single().Timestamp, Is.EqualTo(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc)));
    }

    [Test]
    public void ABackendWithoutAnExporterIsRefusedWithTheReason()
    {
        var ex = Assert.Throws<ArgumentException>(() => new OpenTelemetryBackend(new OpenTelemetryBackendOptions()));

        Assert.That(ex!.Message, Does.Contain("Configure"));
    }
}
