using Serilog.Events;

namespace EventTracking;

/// <summary>Settings for a <see cref="SerilogBackend"/>.</summary>
public sealed class SerilogBackendOptions
{
    /// <summary>The default <see cref="MaxEventSize"/>: 32 KiB of canonical JSON.</summary>
    public const int DefaultMaxEventSize = 32 * 1024;

    /// <summary>The level of the log events written. Default <see cref="LogEventLevel.Information"/>.</summary>
    public LogEventLevel Level { get; set; } = LogEventLevel.Information;

    /// <summary>Structured properties (the default) or the canonical JSON as the message.</summary>
    public SerilogEventFormat Format { get; set; } = SerilogEventFormat.Structured;

    /// <summary>
    /// The largest event written, in bytes of its canonical UTF-8 JSON; a larger event is dropped, counted on the
    /// <c>EventTracking</c> meter (reason <c>oversize</c>) and warned about. <see langword="null"/> means no limit
    /// and also skips measuring, which saves serializing each event in <see cref="SerilogEventFormat.Structured"/> format.
    /// </summary>
    /// <remarks>
    /// The default, <see cref="DefaultMaxEventSize"/> (32 KiB), keeps runaway payloads out of log pipelines while
    /// passing ordinary events. edX's <c>LoggerBackend</c> defaults to 1 KB and drops larger events silently;
    /// set 1024 for its limit, but never its silence.
    /// </remarks>
    public int? MaxEventSize { get; set; } = DefaultMaxEventSize;
}
