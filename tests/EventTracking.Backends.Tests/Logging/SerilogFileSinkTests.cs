using System.Text.Json;
using Serilog;
using Serilog.Formatting.Compact;

namespace EventTracking.Tests.Logging;

/// <summary>Events written through a real file sink and read back from disk.</summary>
public sealed class SerilogFileSinkTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "eventtracking-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void AStructuredEventReachesACompactJsonFileAsQueryableNestedFields()
    {
        var path = Path.Combine(_directory, "events.clef");
        var evt = SampleEvents.Navigation();
        using (var serilog = new LoggerConfiguration().WriteTo.File(new CompactJsonFormatter(), path).CreateLogger())
        {
            new SerilogBackend(serilog).Send(evt);
        }

        var line = File.ReadAllLines(path).Single();
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(root.GetProperty("@mt").GetString(), Is.EqualTo("Tracking event {EventName}"));
            Assert.That(root.GetProperty("@t").GetDateTimeOffset(), Is.EqualTo(evt.Timestamp));
            Assert.That(root.GetProperty("EventName").GetString(), Is.EqualTo("navigation.request"));
            Assert.That(root.GetProperty("EventId").GetGuid(), Is.EqualTo(evt.Id));
            Assert.That(root.GetProperty("EventTimestamp").GetDateTimeOffset(), Is.EqualTo(evt.Timestamp));
            Assert.That(root.GetProperty("Context").GetProperty("user_id").GetInt32(), Is.EqualTo(10938));
            Assert.That(root.GetProperty("Data").GetProperty("answer").GetProperty("correct").GetBoolean(), Is.True);
            Assert.That(root.GetProperty("Data").GetProperty("tags")[2].GetProperty("deep").GetString(), Is.EqualTo("yes"));
        }
    }

    [Test]
    public void JsonFormatWritesOneCanonicalEventPerLineLikeEdx()
    {
        var path = Path.Combine(_directory, "tracking.log");
        var events = new[] { SampleEvents.Navigation(), SampleEvents.Navigation(), SampleEvents.WithPayload(10) };
        using (var serilog = new LoggerConfiguration().WriteTo.File(path, outputTemplate: "{Message:l}{NewLine}").CreateLogger())
        {
            var backend = new SerilogBackend(serilog, new SerilogBackendOptions { Format = SerilogEventFormat.Json });
            foreach (var evt in events)
            {
                backend.Send(evt);
            }
        }

        var lines = File.ReadAllLines(path);
        Assert.That(lines, Has.Length.EqualTo(events.Length));
        for (var i = 0; i < events.Length; i++)
        {
            Assert.That(lines[i], Is.EqualTo(EventJson.Serialize(events[i])));
            var parsed = EventJson.Parse(lines[i]);
            Assert.That(parsed.Id, Is.EqualTo(events[i].Id));
            Assert.That(parsed.Name, Is.EqualTo(events[i].Name));
        }
    }
}
