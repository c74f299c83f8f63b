namespace EventTracking.Cli.Output;

/// <summary>How events are printed.</summary>
internal enum OutputFormat
{
    /// <summary>One canonical JSON event per line: for pipes and files.</summary>
    Jsonl,

    /// <summary>Aligned columns: for people.</summary>
    Table,

    /// <summary>Comma-separated values with a header (export only).</summary>
    Csv,
}
