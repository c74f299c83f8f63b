using System.CommandLine;
using EventTracking.Reading;

namespace EventTracking.Cli;

/// <summary>The store every command reads: <c>--sqlite FILE</c> or <c>--postgres CONNECTION-STRING</c>, on the root command.</summary>
internal static class StoreOptions
{
    public static readonly Option<string?> Sqlite = new("--sqlite")
    {
        Description = "The SQLite file that a SqliteBackend writes.",
        HelpName = "file",
        Recursive = true,
    };

    public static readonly Option<string?> Postgres = new("--postgres")
    {
        Description = "A PostgreSQL connection string (Host=…;Database=…;Username=… or postgres://…) of a PostgreSqlBackend's database.",
        HelpName = "connection-string",
        Recursive = true,
    };

    public static readonly Option<string> Table = new("--table")
    {
        Description = "The events table.",
        DefaultValueFactory = _ => "events",
        Recursive = true,
    };

    /// <summary>Opens the reader the command line names.</summary>
    /// <exception cref="CliException">No store or two stores are named (usage), or the SQLite file does not exist.</exception>
    public static IEventReader Open(ParseResult parse)
    {
        var sqlite = parse.GetValue(Sqlite);
        var postgres = parse.GetValue(Postgres);
        var table = parse.GetValue(Table)!;
        if (sqlite is null == postgres is null)
        {
            throw new CliException("name one store: --sqlite <file> or --postgres <connection string>.", ExitCodes.Usage);
        }

        try
        {
            if (sqlite is not null)
            {
                var path = Path.GetFullPath(sqlite);
                if (!File.Exists(path))
                {
                    throw new CliException($"{path}: no such file.");
                }

                return new SqliteEventReader(new SqliteBackendOptions { Path = path, TableName = table });
            }

            return new PostgreSqlEventReader(new PostgreSqlBackendOptions { ConnectionString = postgres!, Table = table });
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message, ExitCodes.Usage);
        }
    }
}
