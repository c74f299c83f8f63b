using System.CommandLine;
using System.Runtime.InteropServices;
using EventTracking.Cli.Commands;
using Microsoft.Data.Sqlite;
using MongoDB.Driver;
using Npgsql;

namespace EventTracking.Cli;

/// <summary>
/// The <c>eventtracking</c> command. Each command lives in its own file under <c>Commands/</c> and is added here with
/// one line. Exit codes: 0 done (also a tail stopped by Ctrl+C or SIGTERM), 1 the store could not be read, 2 the command
/// line is wrong, 130 another command stopped by Ctrl+C or SIGTERM before it finished.
/// </summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("Read the events EventTracking stored: follow them, query them, count them, list their names and fields, export them.");
        root.Options.Add(StoreOptions.Sqlite);
        root.Options.Add(StoreOptions.Postgres);
        root.Options.Add(StoreOptions.Mongo);
        root.Options.Add(StoreOptions.Database);
        root.Options.Add(StoreOptions.Table);
        root.Subcommands.Add(TailCommand.Create());
        root.Subcommands.Add(QueryCommand.Create());
        root.Subcommands.Add(StatsCommand.Create());
        root.Subcommands.Add(CatalogCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(EraseCommand.Create());

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"eventtracking: {error.Message}").ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync("Try 'eventtracking --help'.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        // Ctrl+C and SIGTERM cancel the command's token. Registered here, before the command starts, rather than by
        // System.CommandLine once the action has reached its first await: a signal that came in between killed the
        // process with 143 instead of letting tail end normally.
        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        try
        {
            var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return await parse.InvokeAsync(configuration, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped before the command finished (tail ends normally on it and returns 0; an export does not).
            await Console.Error.WriteLineAsync("eventtracking: cancelled.").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (CliException ex)
        {
            await Console.Error.WriteLineAsync($"eventtracking: {ex.Message}").ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (Exception ex) when (ex is SqliteException or NpgsqlException or MongoException or InvalidDataException or IOException or TimeoutException)
        {
            // The MongoDB driver puts the stack trace of its last heartbeat into a timeout's message: print the first line.
            var message = ex.Message.AsSpan();
            var newline = message.IndexOfAny('\r', '\n');
            await Console.Error.WriteLineAsync($"eventtracking: the store could not be read: {(newline < 0 ? message : message[..newline])}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Anything else is a bug of the tool: a shell user gets one line naming it, not a stack trace.
            var message = ex.Message.AsSpan();
            var newline = message.IndexOfAny('\r', '\n');
            await Console.Error.WriteLineAsync($"eventtracking: unexpected {ex.GetType().Name}: {(newline < 0 ? message : message[..newline])}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        // The first signal asks the command to stop; a second one terminates the process the default way.
        void Stop(PosixSignalContext context)
        {
            if (!stop.IsCancellationRequested)
            {
                context.Cancel = true;
                stop.Cancel();
            }
        }
    }
}
