using System.CommandLine;
using EventTracking.Reading;
using Microsoft.Data.Sqlite;
using MongoDB.Driver;

namespace EventTracking.Cli;

/// <summary>
/// The store every command reads, on the root command: <c>--sqlite FILE</c>, <c>--postgres CONNECTION-STRING</c> or
/// <c>--mongodb CONNECTION-STRING</c> (with <c>--database</c>), and the table or collection.
/// </summary>
internal static class StoreOptions
{
    private const string OneStore = "name one store: --sqlite <file>, --postgres <connection string> or --mongodb <connection string>.";

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

    public static readonly Option<string?> Mongo = new("--mongodb")
    {
        Description = "A MongoDB connection string (mongodb://host:27017) of a MongoBackend's server; MongoDB 5.0 or later.",
        HelpName = "connection-string",
        Recursive = true,
    };

    public static readonly Option<string?> Database = new("--database")
    {
        Description = "With --mongodb: the database (the one the connection string names, else eventtracking).",
        HelpName = "name",
        Recursive = true,
    };

    public static readonly Option<string> Table = new("--table", "--collection")
    {
        Description = "The events table (SQLite, PostgreSQL) or collection (MongoDB).",
        DefaultValueFactory = _ => "events",
        Recursive = true,
    };

    /// <summary>Opens the reader the command line names, after checking that its SQLite or PostgreSQL table exists.</summary>
    /// <exception cref="CliException">No store or two stores are named (usage), or the file or the table does not exist.</exception>
    public static async Task<IEventReader> OpenAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var reader = Open<IEventReader>(
            parse,
            static options => new SqliteEventReader(options),
            static options => new PostgreSqlEventReader(options),
            static options => new MongoEventReader(options));
        if (reader is PostgreSqlEventReader postgres)
        {
            await RequireTableAsync(postgres, parse.GetValue(Table)!, cancellationToken).ConfigureAwait(false);
        }

        return reader;
    }

    /// <summary>With <c>--postgres</c>: checks that the table exists (for commands that do not read through a reader).</summary>
    /// <exception cref="CliException">The table does not exist (failure).</exception>
    public static async Task RequirePostgresTableAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (parse.GetValue(Postgres) is { } connectionString)
        {
            var table = parse.GetValue(Table)!;
            await using var reader = new PostgreSqlEventReader(new PostgreSqlBackendOptions { ConnectionString = connectionString, Table = table });
            await RequireTableAsync(reader, table, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Opens the store the command line names as <typeparamref name="T"/>, through the factory of its kind.</summary>
    /// <exception cref="CliException">No store or two stores are named, or an option is invalid (usage); the SQLite file does not exist.</exception>
    public static T Open<T>(ParseResult parse, Func<SqliteBackendOptions, T> sqlite, Func<PostgreSqlBackendOptions, T> postgres, Func<MongoBackendOptions, T> mongo)
    {
        var file = parse.GetValue(Sqlite);
        var pg = parse.GetValue(Postgres);
        var mongoUri = parse.GetValue(Mongo);
        var table = parse.GetValue(Table)!;
        if ((file is null ? 0 : 1) + (pg is null ? 0 : 1) + (mongoUri is null ? 0 : 1) != 1)
        {
            throw new CliException(OneStore, ExitCodes.Usage);
        }

        var database = parse.GetValue(Database);
        if (database is not null && mongoUri is null)
        {
            throw new CliException("--database applies to --mongodb only; name a PostgreSQL database in its connection string.", ExitCodes.Usage);
        }

        try
        {
            if (file is not null)
            {
                var options = new SqliteBackendOptions { Path = Path.GetFullPath(file), TableName = table };
                var store = sqlite(options); // validates the options first: a bad table name is a usage error
                RequireTable(options);
                return store;
            }

            if (pg is not null)
            {
                return postgres(new PostgreSqlBackendOptions { ConnectionString = pg, Table = table });
            }

            database ??= new MongoUrl(mongoUri).DatabaseName ?? "eventtracking";
            return mongo(new MongoBackendOptions { ConnectionString = mongoUri, Database = database, Collection = table });
        }
        catch (Exception ex) when (ex is ArgumentException or MongoConfigurationException)
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
