using System.CommandLine;
using EventTracking.Cli.Output;

namespace EventTracking.Cli.Commands;

/// <summary>The <c>--format</c> options: a table for a terminal, JSON lines for a pipe, unless told otherwise.</summary>
internal static class Formats
{
    public static readonly Option<OutputFormat?> Events = new("--format", "-f")
    {
        Description = "jsonl or table (default: table on a terminal, jsonl when redirected).",
    };

    public static readonly Option<OutputFormat?> Reports = new("--format", "-f")
    {
        Description = "table or jsonl (default: table on a terminal, jsonl when redirected).",
    };

    public static OutputFormat Resolve(ParseResult parse, Option<OutputFormat?> option)
    {
        var format = parse.GetValue(option) ?? (Console.IsOutputRedirected ? OutputFormat.Jsonl : OutputFormat.Table);
        return format == OutputFormat.Csv
            ? throw new CliException("--format csv is for export; use jsonl or table here.", ExitCodes.Usage)
            : format;
    }
}
