using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Serilog;

namespace EventTracking.Benchmarks.ContextRead;

/// <summary>
/// Everything the "backend reads the merged context" benchmarks compare, each configured for the same work: one event
/// through a regex allowlist (<c>^navigation\.</c>) into a reader that writes the event, its context and its data as JSON.
/// </summary>
internal sealed class ReadingPeers
{
    public const string Allowlist = @"^navigation\.";

    public ReadingPeers()
    {
        var allow = new Regex(@"\A(?:" + Allowlist + ")", RegexOptions.Compiled | RegexOptions.CultureInvariant);
        Tracker = TrackerInto(new JsonWritingBackend(Scratch));
        EnumeratingTracker = TrackerInto(new EnumeratingBackend(Scratch));
        IgnoringTracker = TrackerInto(new NoopBackend());
        Serilog = new LoggerConfiguration()
            .MinimumLevel.Information()
            .Enrich.FromLogContext()
            .Filter.ByIncludingOnly(e => allow.IsMatch(e.MessageTemplate.Text))
            .WriteTo.Sink(new SerilogJsonSink(Scratch))
            .CreateLogger();
        MicrosoftLogging = LoggerFactory
            .Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(new MicrosoftLoggingJsonProvider(Scratch, allow)))
            .CreateLogger("bench");
        Floor = new HandWrittenFloor(Scratch, allow);
    }

    public JsonScratch Scratch { get; } = new();

    /// <summary>A tracker whose backend writes canonical JSON with <see cref="EventJson.Write"/>.</summary>
    public Tracker Tracker { get; }

    /// <summary>A tracker whose backend reads the event through foreach over its dictionaries.</summary>
    public Tracker EnumeratingTracker { get; }

    /// <summary>A tracker whose backend never reads the event (the README's earlier rows).</summary>
    public Tracker IgnoringTracker { get; }

    public Serilog.ILogger Serilog { get; }

    public Microsoft.Extensions.Logging.ILogger MicrosoftLogging { get; }

    public HandWrittenFloor Floor { get; }

    public static Tracker TrackerInto(IEventBackend backend)
    {
        var router = new RoutingBackend([new("reader", backend)], [new RegexFilter(RegexFilterType.Allowlist, [Allowlist])]);
        return new Tracker(new RoutingBackend([new("logs", router)]));
    }
}
