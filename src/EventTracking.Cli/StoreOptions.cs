using System.CommandLine;
using EventTracking.Reading;
using Microsoft.Data.Sqlite;

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

    /// <summary>Opens the reader the command line names, after checking that its events table exists.</summary>
    /// <exception cref="CliException">No store or two stores are named (usage), or the file or the table does not exist.</exception>
    public static async Task<IEventReader> OpenAsync(ParseResult parse, CancellationToken cancellationToken)
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
                var options = new SqliteBackendOptions { Path = Path.GetFullPath(sqlite), TableName = table };
                var reader = new SqliteEventReader(options);
                RequireTable(options);
                return reader;
            }

            var postgresReader = new PostgreSqlEventReader(new PostgreSqlBackendOptions { ConnectionString = postgres!, Table = table });
            await RequireTableAsync(postgresReader, table, cancellationToken).ConfigureAwait(false);
            return postgresReader;
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message, ExitCodes.Usage);
        }
    }

    /// <summary>Checks that the PostgreSQL table exists, so a mistyped <c>--table</c> is an error, not an empty answer.</summary>
    /// <exception cref="CliException">The table does not exist (failure).</exception>
    public static async Task RequireTableAsync(PostgreSqlEventReader reader, string table, CancellationToken cancellationToken)
    {
        if (!await reader.TableExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new CliException($"no table '{table}' in the PostgreSQL database (the table a PostgreSqlBackend writes; --table names another).");
        }
    }

    /// <summary>
    /// Checks that the file exists and holds the events table, so a mistyped path or <c>--table</c> is an error, not an
    /// empty answer. Call after the options are validated (the table name is then a plain identifier).
    /// </summary>
    /// <exception cref="CliException">The file or the table does not exist (failure).</exception>
    /// <exception cref="SqliteException">The file is not a SQLite database.</exception>
    public static void RequireTable(SqliteBackendOptions options)
    {
        var path = options.Path;
        if (Directory.Exists(path))
        {
            throw new CliException($"{path}: is a directory, not a SQLite file.");
        }

        if (!File.Exists(path))
        {
            throw new CliException($"{path}: no such file.");
        }

        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $table;";
        command.Parameters.AddWithValue("$table", options.TableName);
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            throw new CliException($"{path}: no table '{options.TableName}' (the table a SqliteBackend writes; --table names another).");
        }
    }
}
