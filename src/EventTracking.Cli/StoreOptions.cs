using System.CommandLine;
using EventTracking.Reading;
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
        await RequireTableAsync(parse, cancellationToken).ConfigureAwait(false);
        return reader;
    }

    /// <summary>
    /// With <c>--sqlite</c> or <c>--postgres</c>: checks that the events table exists, so a mistyped <c>--table</c> is an
    /// error, not an empty answer. Call after <see cref="Open{T}"/> has validated the options and found the file.
    /// </summary>
    /// <exception cref="CliException">The table does not exist (failure).</exception>
    public static async Task RequireTableAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var table = parse.GetValue(Table)!;
        if (parse.GetValue(Sqlite) is { } file)
        {
            var path = Path.GetFullPath(file);
            var reader = new SqliteEventReader(new SqliteBackendOptions { Path = path, TableName = table });
            if (!await reader.TableExistsAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new CliException($"{path}: no table '{table}' (the table a SqliteBackend writes; --table names another).");
            }
        }
        else if (parse.GetValue(Postgres) is { } connectionString)
        {
            await using var reader = new PostgreSqlEventReader(new PostgreSqlBackendOptions { ConnectionString = connectionString, Table = table });
            if (!await reader.TableExistsAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new CliException($"no table '{table}' in the PostgreSQL database (the table a PostgreSqlBackend writes; --table names another).");
            }
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
                RequireFile(options.Path);
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

    /// <summary>Checks that the SQLite file exists, so a mistyped path is an error, not an empty answer.</summary>
    /// <exception cref="CliException">The path is a directory or no such file exists (failure).</exception>
    private static void RequireFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new CliException($"{path}: is a directory, not a SQLite file.");
        }

        if (!File.Exists(path))
        {
            throw new CliException($"{path}: no such file.");
        }
    }
}
