using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Context;

namespace EventTracking.Benchmarks.ContextRead;

/// <summary>
/// Everything the "backend reads the merged context" benchmarks compare, each configured for the same work: one event
/// through a regex allowlist (<c>^navigation\.</c>) into a reader that writes the event, its context and its data as
/// JSON or, when <c>walk</c> is set, reads every key and value without serializing. The calls each case measures are
/// here too, so the JSON and walking benchmarks run exactly the same code around their readers.
/// </summary>
internal sealed class ReadingPeers
{
    public const string Allowlist = @"^navigation\.";

    private const string Url = "http://www.edx.org/some/path/1";

    public ReadingPeers(bool walk = false)
    {
        var allow = new Regex(@"\A(?:" + Allowlist + ")", RegexOptions.Compiled | RegexOptions.CultureInvariant);
        Walk = walk ? new PairWalk() : null;
        Tracker = TrackerInto(Walk is null ? new JsonWritingBackend(Scratch) : new WalkingBackend(Walk));
        EnumeratingTracker = Walk is null ? TrackerInto(new EnumeratingBackend(Scratch)) : Tracker;
        IgnoringTracker = TrackerInto(new NoopBackend());
        Serilog = new LoggerConfiguration()
            .MinimumLevel.Information()
            .Enrich.FromLogContext()
            .Filter.ByIncludingOnly(e => allow.IsMatch(e.MessageTemplate.Text))
            .WriteTo.Sink(Walk is null ? new SerilogJsonSink(Scratch) : new SerilogWalkingSink(Walk))
            .CreateLogger();
        MicrosoftLogging = LoggerFactory
            .Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(new MicrosoftLoggingReadingProvider(Scratch, allow, Walk)))
            .CreateLogger("bench");
        Floor = new HandWrittenFloor(Scratch, allow, Walk);
    }

    public JsonScratch Scratch { get; } = new();

    /// <summary>What the walking readers fold their reads into; null when the readers write JSON.</summary>
    public PairWalk? Walk { get; }

    /// <summary>A tracker whose backend writes canonical JSON with <see cref="EventJson.Write"/> (or walks the event).</summary>
    public Tracker Tracker { get; }

    /// <summary>A tracker whose backend reads the event through foreach over its dictionaries.</summary>
    public Tracker EnumeratingTracker { get; }

    /// <summary>A tracker whose backend never reads the event (the README's earlier rows).</summary>
    public Tracker IgnoringTracker { get; }

    public Serilog.ILogger Serilog { get; }

    public Microsoft.Extensions.Logging.ILogger MicrosoftLogging { get; }

    public HandWrittenFloor Floor { get; }

    /// <summary>What the readers produced last, so no reader's work can be optimized away.</summary>
    public long Result => Walk?.Sum ?? Scratch.Written;

    public static Tracker TrackerInto(IEventBackend backend)
    {
        var router = new RoutingBackend([new("reader", backend)], [new RegexFilter(RegexFilterType.Allowlist, [Allowlist])]);
        return new Tracker(new RoutingBackend([new("logs", router)]));
    }

    /// <summary>Per event: two contexts pushed, one event emitted, contexts popped.</summary>
    public long PushEmitPop(Tracker tracker)
    {
        using (tracker.Context("request", new { user_id = 10938 }))
        using (tracker.Context("session", new { session_id = "2987lkjdyoioey" }))
        {
            tracker.Emit("navigation.request", new { url = Url });
        }

        return Result;
    }

    /// <summary>Serilog's counterpart of <see cref="PushEmitPop"/>.</summary>
    public long PushLogPopSerilog()
    {
        using (LogContext.PushProperty("user_id", 10938))
        using (LogContext.PushProperty("session_id", "2987lkjdyoioey"))
        {
            Serilog.Information("navigation.request {url}", Url);
        }

        return Result;
    }

    /// <summary>Microsoft.Extensions.Logging's counterpart of <see cref="PushEmitPop"/>.</summary>
    public long PushLogPopMicrosoft()
    {
        using (MicrosoftLogging.BeginScope(new Dictionary<string, object> { ["user_id"] = 10938 }))
        using (MicrosoftLogging.BeginScope(new Dictionary<string, object> { ["session_id"] = "2987lkjdyoioey" }))
        {
            MicrosoftLogging.LogInformation("navigation.request {url}", Url);
        }

        return Result;
    }

    /// <summary>The hand-written floor's counterpart of <see cref="PushEmitPop"/>.</summary>
    public long PushEmitPopFloor()
    {
        using (Floor.Push([new("user_id", 10938)]))
        using (Floor.Push([new("session_id", "2987lkjdyoioey")]))
        {
            Floor.Emit("navigation.request", [new("url", Url)]);
        }

        return Result;
    }

    /// <summary>Steady state: enters the two contexts once for every peer; dispose the scopes innermost-first (reverse order).</summary>
    public List<IDisposable> EnterContexts()
    {
        var scopes = new List<IDisposable>();
        foreach (var tracker in new[] { Tracker, EnumeratingTracker }.Distinct())
        {
            scopes.Add(tracker.Context("request", new { user_id = 10938 }));
            scopes.Add(tracker.Context("session", new { session_id = "2987lkjdyoioey" }));
        }

        scopes.Add(LogContext.PushProperty("user_id", 10938));
        scopes.Add(LogContext.PushProperty("session_id", "2987lkjdyoioey"));
        scopes.Add(MicrosoftLogging.BeginScope(new Dictionary<string, object> { ["user_id"] = 10938 })!);
        scopes.Add(MicrosoftLogging.BeginScope(new Dictionary<string, object> { ["session_id"] = "2987lkjdyoioey" })!);
        scopes.Add(Floor.Push([new("user_id", 10938)]));
        scopes.Add(Floor.Push([new("session_id", "2987lkjdyoioey")]));
        return scopes;
    }

    /// <summary>Leaves the scopes <see cref="EnterContexts"/> (or a caller's own list) entered, innermost first.</summary>
    public static void ExitContexts(List<IDisposable> scopes)
    {
        for (var i = scopes.Count - 1; i >= 0; i--)
        {
            scopes[i].Dispose();
        }
    }

    /// <summary>Steady state, one event.</summary>
    public long Emit(Tracker tracker)
    {
        tracker.Emit("navigation.request", new { url = Url });
        return Result;
    }

    /// <summary>Steady state, one Serilog entry.</summary>
    public long LogSerilog()
    {
        Serilog.Information("navigation.request {url}", Url);
        return Result;
    }

    /// <summary>Steady state, one Microsoft.Extensions.Logging entry.</summary>
    public long LogMicrosoft()
    {
        MicrosoftLogging.LogInformation("navigation.request {url}", Url);
        return Result;
    }

    /// <summary>Steady state, one event of the hand-written floor.</summary>
    public long EmitFloor()
    {
        Floor.Emit("navigation.request", [new("url", Url)]);
        return Result;
    }
}
