using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace EventTracking.Tests.Events;

public sealed class EventNameTests
{
    [TestCase("navigation.request")]
    [TestCase("/courses/edX/DemoX/Demo_Course/courseware")]
    [TestCase("Level Start: ünïcödé 😀")]
    [TestCase("edx.ui.lms.sequence.next_selected")]
    public void OrdinaryNamesAreAllowed(string name) => Assert.That(EventNames.IsValid(name), Is.True);

    // Attribute strings are stored as UTF-8, which would turn a lone surrogate into U+FFFD; a source keeps it.
    private static readonly string[] Invalid =
    [
        "inj.log\n[12:34:56 INF] FORGED",
        "cr\r",
        "tab\tname",
        "esc\u001b[2J",
        "nel\u0085",
        "line\u2028sep",
        "para\u2029sep",
        "bidi\u202e",
        "zero\u200bwidth",
        "lone\ud800",
        "\udc00low",
    ];

    [TestCaseSource(nameof(Invalid))]
    public void NamesWithControlFormatOrSeparatorCharactersAreNot(string name)
    {
        Assert.That(EventNames.IsValid(name), Is.False);
        Assert.That(EventNames.Describe(name), Is.Not.Null);
        Assert.That(LogText.IsLineSafe(EventNames.Describe(name)), Is.True, "the reason itself is log-safe");
    }

    [Test]
    public async Task EmitDropsAnInvalidNameCountsItAndLogsItEscapedOnce()
    {
        using var dropped = new MetricCollector<long>(null, EventTrackingDiagnostics.MeterName, "eventtracking.events.dropped");
        using var provider = new FakeLoggerProvider();
        using var factory = new LoggerFactory([provider]);
        var memory = new InMemoryBackend();
        await using var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["memory"] = memory }, options: new TrackerOptions { LoggerFactory = factory });

        tracker.Emit("inj.log\n[12:34:56 INF] FORGED admin logged in");
        tracker.Emit("second\rbad");
        tracker.Emit("good.name");

        Assert.That(memory.Events.Select(e => e.Name), Is.EqualTo(new[] { "good.name" }));
        Assert.That(
            dropped.GetMeasurementSnapshot().Where(m => Equals(m.Tags["eventtracking.drop.reason"], EventNames.InvalidNameDropReason)).Sum(m => m.Value),
            Is.GreaterThanOrEqualTo(2));
        var warning = provider.Collector.GetSnapshot().Single(r => r.Level == LogLevel.Warning);
        Assert.That(warning.Message, Does.Contain(@"inj.log\n[12:34:56 INF] FORGED").And.Not.Contains("\n"));
    }

    [Test]
    public async Task EmitAsyncAndDeliverAsyncRefuseAnInvalidNameNamingIt()
    {
        var memory = new InMemoryBackend();
        await using var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["memory"] = memory });
        var evt = new TrackingEvent(Guid.CreateVersion7(), "bad\u2028name", DateTimeOffset.UtcNow);

        Assert.That(async () => await tracker.EmitAsync("bad\nname"), Throws.ArgumentException.With.Message.Contains(@"bad\nname"));
        Assert.That(async () => await tracker.DeliverAsync([evt]), Throws.ArgumentException.With.Message.Contains(@"bad\u2028name"));
        Assert.That(memory.Events, Is.Empty);
    }
}
