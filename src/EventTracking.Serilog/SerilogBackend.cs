using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serilog.Events;
using Serilog.Parsing;
using SerilogLogger = Serilog.ILogger;

namespace EventTracking;

/// <summary>
/// Writes each event to a Serilog logger as one log event: structured (queryable <c>EventName</c>, <c>EventId</c>,
/// <c>EventTimestamp</c>, <c>Context</c> and <c>Data</c> properties, nesting kept) or as a line of canonical JSON.
/// </summary>
/// <remarks>
/// The log event's timestamp is the tracking event's. Nothing is written when the Serilog logger is not enabled
/// for <see cref="SerilogBackendOptions.Level"/>. An event larger than <see cref="SerilogBackendOptions.MaxEventSize"/>
/// is dropped, counted on the <c>EventTracking</c> meter (<c>eventtracking.events.dropped</c>, reason <c>oversize</c>)
/// and warned about through the Microsoft.Extensions.Logging logger given to the constructor (never through the Serilog
/// logger being written to), at most once a minute with a count of the warnings held back. Thread-safe.
/// <para>
/// Untrusted text never becomes template text: the message templates are fixed, and the event's name and values are
/// properties. Text sinks render a property's text as it is (<c>{Message:lj}</c> shows strings unquoted), so in the
/// structured format every name, key and string value that holds a character able to break or recolour a line (a
/// control or format character, U+2028/U+2029, an unpaired surrogate) is written escaped by <see cref="LogText.Escape(string?, int)"/>
/// (<c>\n</c>, <c>\u001B</c>, …); the JSON format's canonical JSON escapes them itself.
/// </para>
/// </remarks>
public sealed class SerilogBackend : IEventBackend, IEventTrackingMeterUser
{
    private static readonly MessageTemplate StructuredTemplate = new MessageTemplateParser().Parse("Tracking event {EventName}");
    private static readonly MessageTemplate JsonTemplate = new MessageTemplateParser().Parse("{EventJson:l}");

    private readonly SerilogLogger? _serilogLogger;
    private readonly EventTrackingDropCounter _drops = EventTrackingDiagnostics.CreateDropCounter(nameof(SerilogBackend));
    private readonly LogEventLevel _level;
    private readonly SerilogEventFormat _format;
    private readonly int? _maxEventSize;
    private readonly ILogger _logger;
    private readonly LogThrottle _oversizeWarnings;

    /// <summary>Creates a backend that writes to a Serilog logger.</summary>
    /// <param name="serilogLogger">
    /// Where events are written; <see langword="null"/> means <see cref="Serilog.Log.Logger"/>, read at each write, so a
    /// logger configured after this backend was built is used.
    /// </param>
    /// <param name="options">Level, format and size limit; <see langword="null"/> means the defaults.</param>
    /// <param name="logger">Where this backend's own warnings go (dropped over-size events).</param>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public SerilogBackend(SerilogLogger? serilogLogger = null, SerilogBackendOptions? options = null, ILogger? logger = null)
        : this(serilogLogger, options, logger, TimeProvider.System)
    {
    }

    internal SerilogBackend(SerilogLogger? serilogLogger, SerilogBackendOptions? options, ILogger? logger, TimeProvider timeProvider)
    {
        options ??= new SerilogBackendOptions();
        if (!Enum.IsDefined(options.Level))
        {
            throw new ArgumentException($"SerilogBackendOptions.Level: {options.Level} is not a Serilog level.", nameof(options));
        }

        if (!Enum.IsDefined(options.Format))
        {
            throw new ArgumentException($"SerilogBackendOptions.Format: {options.Format} is not a format.", nameof(options));
        }

        if (options.MaxEventSize is <= 0)
        {
            throw new ArgumentException($"SerilogBackendOptions.MaxEventSize must be positive or null (no limit), not {options.MaxEventSize}.", nameof(options));
        }

        _serilogLogger = serilogLogger;
        _level = options.Level;
        _format = options.Format;
        _maxEventSize = options.MaxEventSize;
        _logger = logger ?? NullLogger.Instance;
        _oversizeWarnings = new LogThrottle(LogThrottle.DefaultInterval, timeProvider);
    }

    /// <summary>Writes the event as one Serilog log event, or drops it if it is over the size limit.</summary>
    /// <param name="evt">The event.</param>
    public void Send(TrackingEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var target = _serilogLogger ?? Serilog.Log.Logger;
        if (!target.IsEnabled(_level))
        {
            return;
        }

        string? json = null;
        if (_maxEventSize is not null || _format == SerilogEventFormat.Json)
        {
            var utf8 = CanonicalJsonBuffer.Render(evt);
            if (utf8.Length > _maxEventSize)
            {
                DropOversize(evt, utf8.Length, _maxEventSize.Value);
                return;
            }

            if (_format == SerilogEventFormat.Json)
            {
                json = Encoding.UTF8.GetString(utf8);
            }
        }

        var logEvent = json is null
            ? new LogEvent(evt.Timestamp, _level, null, StructuredTemplate, StructuredProperties(evt))
            : new LogEvent(evt.Timestamp, _level, null, JsonTemplate, [new LogEventProperty("EventJson", new ScalarValue(json))]);
        target.Write(logEvent);
    }

    private static LogEventProperty[] StructuredProperties(TrackingEvent evt) =>
    [
        new("EventName", new ScalarValue(SerilogPropertyValues.LineSafe(evt.Name))),
        new("EventId", new ScalarValue(evt.Id)),
        new("EventTimestamp", new ScalarValue(evt.Timestamp)),
        new("Context", SerilogPropertyValues.FromDictionary(evt.Context)),
        new("Data", SerilogPropertyValues.FromDictionary(evt.Data)),
    ];

    private void DropOversize(TrackingEvent evt, int size, int maxEventSize)
    {
        _drops.Count("oversize");
        if (_oversizeWarnings.TryAcquire(out var suppressed))
        {
            SerilogBackendLog.EventTooLarge(_logger, LogText.Escape(evt.Name), size, maxEventSize, suppressed);
        }
    }

    /// <inheritdoc />
    public void UseMeterFactory(System.Diagnostics.Metrics.IMeterFactory meterFactory) => _drops.UseMeterFactory(meterFactory);
}
