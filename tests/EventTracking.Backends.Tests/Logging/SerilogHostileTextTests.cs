using System.Text.RegularExpressions;
using Serilog;

namespace EventTracking.Tests.Logging;

/// <summary>Hostile names, keys and values written through Serilog's real console and file sinks forge no line.</summary>
[NonParallelizable]
public sealed partial class SerilogHostileTextTests
{
    // Every character a terminal, a log viewer or a line-splitting shipper may take for a line break or an escape.
    private static readonly char[] LineBreakers = ['\r', '\n', '\u0085', '\u2028', '\u2029', '\u000b', '\u000c', '\u001b'];

    private static readonly string[] Hostile =
    [
        "inj.log\n[12:34:56 INF] FORGED admin logged in",
        "crlf\r\n[12:34:56 INF] FORGED pycolytics",
        "esc\u001b[2K\u001b[1G[12:34:56 INF] FORGED",
        "sep\u2028[12:34:56 INF] FORGED",
        "para\u2029[12:34:56 INF] FORGED",
        "nel\u0085[12:34:56 INF] FORGED",
        "lone\ud800[12:34:56 INF] FORGED",
        "vt\u000bff\u000c[12:34:56 INF] FORGED",
    ];

    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "eventtracking-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [TestCase("[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}")]
    [TestCase("[{Timestamp:HH:mm:ss} {Level:u3}] {Message} {Properties:j}{NewLine}{Exception}")]
    [TestCase("[{Timestamp:HH:mm:ss} {Level:u3}] {Message:l} {EventName:l} {Data:l} {Context:l}{NewLine}{Exception}")]
    public void TheConsoleSinkPrintsOneLinePerHostileEvent(string outputTemplate)
    {
        var original = Console.Out;
        using var console = new StringWriter();
        Console.SetOut(console);
        try
        {
            using var serilog = new LoggerConfiguration().WriteTo.Console(outputTemplate: outputTemplate).CreateLogger();
            WriteHostileEvents(new SerilogBackend(serilog));
        }
        finally
        {
            Console.SetOut(original);
        }

        AssertOneLinePerEvent(console.ToString(), ConsoleLine());
    }

    [TestCase(SerilogEventFormat.Structured, "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}")]
    [TestCase(SerilogEventFormat.Json, "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Message:l}{NewLine}")]
    public void TheFileSinkWritesOneLinePerHostileEvent(SerilogEventFormat format, string outputTemplate)
    {
        var path = Path.Combine(_directory, "tracking.log");
        using (var serilog = new LoggerConfiguration().WriteTo.File(path, outputTemplate: outputTemplate).CreateLogger())
        {
            WriteHostileEvents(new SerilogBackend(serilog, new SerilogBackendOptions { Format = format }));
        }

        AssertOneLinePerEvent(File.ReadAllText(path), FileLine());
    }

    [Test]
    public void AHostileNameStaysAPropertyAndIsShownEscaped()
    {
        var sink = new CollectingSink();
        using (var serilog = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger())
        {
            new SerilogBackend(serilog).Send(Event(Hostile[0], "v\nalue"));
        }

        var logged = sink.Events.Single();
        Assert.That(logged.MessageTemplate.Text, Is.EqualTo("Tracking event {EventName}"));
        Assert.That(logged.RenderMessage(), Is.EqualTo(@"Tracking event ""inj.log\n[12:34:56 INF] FORGED admin logged in"""));
        Assert.That(logged.Properties["Data"].ToString(), Does.Contain(@"v\nalue").And.Not.Contains("\n"));
    }

    private static void WriteHostileEvents(SerilogBackend backend)
    {
        foreach (var text in Hostile)
        {
            backend.Send(Event(text, text));
        }
    }

    private static TrackingEvent Event(string name, string value) => new(
        Guid.CreateVersion7(),
        name,
        DateTimeOffset.UtcNow,
        new Dictionary<string, object?> { ["agent"] = value, [value] = "key" },
        new Dictionary<string, object?> { ["event_type"] = value, ["nested"] = new object[] { value, new Dictionary<string, object?> { ["deep"] = value } } });

    private static void AssertOneLinePerEvent(string output, Regex lineStart)
    {
        Assert.That(output, Is.Not.Empty);
        Assert.That(output.IndexOfAny(LineBreakers.Where(c => c != '\n').ToArray()), Is.EqualTo(-1), "only the sink's own LF ends a line");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(Hostile.Length), output);
        Assert.That(lines, Has.All.Match(lineStart.ToString()));
        Assert.That(lines.Count(l => l.Contains("FORGED", StringComparison.Ordinal)), Is.EqualTo(Hostile.Length), "the hostile text is there, escaped, inside its own line");
    }

    [GeneratedRegex(@"^\[\d\d:\d\d:\d\d INF\] Tracking event |^\[\d\d:\d\d:\d\d INF\] \{")]
    private static partial Regex ConsoleLine();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [+-]\d\d:\d\d \[INF\] ")]
    private static partial Regex FileLine();
}
