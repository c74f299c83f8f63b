using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using EventTracking.Cli.Output;
using EventTracking.Reading;

namespace EventTracking.Cli.Commands;

/// <summary><c>eventtracking export</c>: every matching event, oldest first, to JSON lines or CSV, with progress on stderr.</summary>
internal static class ExportCommand
{
    private const int PageSize = 5000;

    private static readonly Option<OutputFormat> Format = new("--format", "-f") { Description = "jsonl or csv.", DefaultValueFactory = _ => OutputFormat.Jsonl };

    private static readonly Option<string?> OutputFile = new("--output", "-o") { Description = "The file to write (replaced); standard output when not given." };

    private static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "No progress on stderr." };

    public static Command Create()
    {
        var command = new Command("export", "Write every matching event, oldest first, as JSON lines or CSV.");
        FilterOptions.AddTo(command);
        command.Options.Add(Format);
        command.Options.Add(OutputFile);
        command.Options.Add(Quiet);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var filter = FilterOptions.Read(parse);
        var format = parse.GetValue(Format);
        if (format == OutputFormat.Table)
        {
            throw new CliException("export writes jsonl or csv, not a table.", ExitCodes.Usage);
        }

        var reader = await StoreOptions.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
        var total = await reader.CountAsync(filter, cancellationToken).ConfigureAwait(false);
        var path = parse.GetValue(OutputFile);
        TextWriter output;
        try
        {
            output = path is null ? Console.Out : new StreamWriter(OpenPrivate(path), new UTF8Encoding(false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{Path.GetFullPath(path!)}: {ex.Message}");
        }

        var progress = new Progress(total, quiet: parse.GetValue(Quiet));
        try
        {
            var writer = new EventWriter(output, format);
            var query = new EventReadQuery { Filter = filter, Order = EventOrder.OldestFirst, Limit = PageSize };
            long written = 0;
            while (true)
            {
                var page = await reader.ReadAsync(query, cancellationToken).ConfigureAwait(false);
                foreach (var evt in page.Events)
                {
                    await writer.WriteAsync(evt, cancellationToken).ConfigureAwait(false);
                }

                written += page.Events.Count;
                progress.Report(written);
                if (page.Next is null)
                {
                    break;
                }

                query = query with { After = page.Next };
            }

            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            progress.Done(written, path);
        }
        finally
        {
            if (path is not null)
            {
                await output.DisposeAsync().ConfigureAwait(false);
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>A bar redrawn in place on a terminal; a line every few seconds when stderr is redirected.</summary>
    private sealed class Progress(long total, bool quiet)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan? _last;

        public void Report(long written)
        {
            if (quiet || (_last is { } last && _clock.Elapsed - last < (Console.IsErrorRedirected ? TimeSpan.FromSeconds(5) : TimeSpan.FromMilliseconds(200))))
            {
                return;
            }

            _last = _clock.Elapsed;
            var share = total == 0 ? 1 : Math.Min(1, (double)written / total);
            if (Console.IsErrorRedirected)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"exported {written} of {total} events ({share:P0})"));
                return;
            }

            var filled = (int)(share * 30);
            Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\r[{new string('#', filled)}{new string('.', 30 - filled)}] {written}/{total} events {share,4:P0}"));
        }

        public void Done(long written, string? path)
        {
            if (quiet)
            {
                return;
            }

            var where = path is null ? "" : " to " + Path.GetFullPath(path);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(Console.IsErrorRedirected ? "" : "\r")}exported {written} events{where} in {_clock.Elapsed.TotalSeconds:F1} s"));
        }
    }

    // The export holds what the store holds (user ids, client addresses): a new file is created 0600 on Unix, like the
    // stores themselves (PrivateFiles); an existing file is replaced and keeps the mode its owner gave it.
    private static FileStream OpenPrivate(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows() && !File.Exists(path))
        {
            options.UnixCreateMode = PrivateFiles.FileMode;
        }

        return new FileStream(path, options);
    }
}
