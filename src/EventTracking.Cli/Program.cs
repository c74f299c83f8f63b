using System.CommandLine;
using EventTracking.Cli.Commands;
using Microsoft.Data.Sqlite;
using MongoDB.Driver;
using Npgsql;

namespace EventTracking.Cli;

/// <summary>
/// The <c>eventtracking</c> command. Each command lives in its own file under <c>Commands/</c> and is added here with
/// one line. Exit codes: 0 done, 1 the store could not be read, 2 the command line is wrong.
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

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
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
    }
}
