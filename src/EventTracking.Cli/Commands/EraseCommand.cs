using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EventTracking.Cli.Output;
using Microsoft.Data.Sqlite;

namespace EventTracking.Cli.Commands;

/// <summary>
/// <c>eventtracking erase --user ID</c>: deletes one user's events from the store (<c>--sqlite</c>, <c>--postgres</c> or <c>--mongodb</c>),
/// matching the raw id and its keyed hash under each <c>--secret</c>, and prints how many were removed. The collector's
/// Papika tables (the user, its save data, sessions and experiment assignments) are erased too: in the <c>--sqlite</c>
/// file when it holds them, and in the file named by <c>--papika</c>.
/// </summary>
internal static class EraseCommand
{
    private static readonly Option<string> User = new("--user")
    {
        Description = "The user's id, as the application records it in context.user_id.",
        HelpName = "id",
        Required = true,
    };

    private static readonly Option<string[]> Secrets = new("--secret")
    {
        Description = "A Redact secret the id may have been hashed with (repeatable). Prefer --secret-file: a command line is visible to other users.",
        HelpName = "secret",
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<FileInfo?> SecretFile = new("--secret-file")
    {
        Description = "A file holding Redact secrets, one per line (current and retired).",
        HelpName = "file",
    };

    private static readonly Option<string[]> Fields = new("--field")
    {
        Description = "Another dotted path that holds the id, such as data.actor.id (repeatable); context.user_id is always matched.",
        HelpName = "path",
    };

    private static readonly Option<FileInfo?> Papika = new("--papika")
    {
        Description = "The collector's Papika store (its Papika:StorePath, such as papika.db): the user's rows there are deleted too.",
        HelpName = "file",
    };

    public static Command Create()
    {
        var command = new Command("erase", "Delete every event of one user (the raw id and its keyed hashes) from the store, and say how many were removed.");
        command.Options.Add(User);
        command.Options.Add(Secrets);
        command.Options.Add(SecretFile);
        command.Options.Add(Fields);
        command.Options.Add(Papika);
        command.Options.Add(Formats.Reports);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var erasure = Erasure(parse);
        var papikaFile = parse.GetValue(Papika);
        if (papikaFile is { Exists: false })
        {
            throw new CliException($"{papikaFile.FullName}: no such file (--papika names the collector's Papika store).");
        }

        var (store, target) = Open(parse);
        long removed;
        try
        {
            await StoreOptions.RequireTableAsync(parse, cancellationToken).ConfigureAwait(false);
            removed = await store.EraseUserAsync(erasure, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }

        var jsonl = Formats.Resolve(parse, Formats.Reports) == OutputFormat.Jsonl;
        await ReportAsync(jsonl, erasure.UserId, target, removed, "events", cancellationToken).ConfigureAwait(false);
        foreach (var file in PapikaStores(parse, papikaFile))
        {
            var rows = await ErasePapikaAsync(file, erasure, cancellationToken).ConfigureAwait(false);
            if (rows is { } count)
            {
                await ReportAsync(jsonl, erasure.UserId, $"Papika store {file}", count, "rows", cancellationToken).ConfigureAwait(false);
            }
            else if (papikaFile is not null && file == papikaFile.FullName)
            {
                throw new CliException($"{file}: no Papika tables (papika_users); the user's events were erased from {target}.");
            }
        }

        return ExitCodes.Success;
    }

    private static async Task ReportAsync(bool jsonl, string user, string target, long removed, string what, CancellationToken cancellationToken)
    {
        var output = Console.Out;
        if (jsonl)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new { user, store = target, removed }, CliJson.Options).AsMemory(), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync(EventWriter.Printable(string.Create(CultureInfo.InvariantCulture,
                $"erased {removed} {what} of user {user} from {target}")).AsMemory(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The --papika file, and the --sqlite file too (Papika's store may be the events file).</summary>
    private static IEnumerable<string> PapikaStores(ParseResult parse, FileInfo? papika)
    {
        var files = new List<string>();
        if (parse.GetValue(StoreOptions.Sqlite) is { } sqlite)
        {
            files.Add(Path.GetFullPath(sqlite));
        }

        if (papika is not null && !files.Contains(papika.FullName, StringComparer.Ordinal))
        {
            files.Add(papika.FullName);
        }

        return files;
    }

    /// <summary>Deletes the user's Papika rows; <see langword="null"/> when the file holds no Papika tables.</summary>
    private static async Task<long?> ErasePapikaAsync(string file, UserErasure erasure, CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30 }.ToString();
        try
        {
            var connection = new SqliteConnection(connectionString);
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                if (!HasPapikaTables(connection))
                {
                    return null;
                }

                return PapikaUserErasure.Erase(connection, erasure.Values);
            }
        }
        catch (SqliteException ex)
        {
            throw new CliException($"{file}: {ex.Message}");
        }
    }

    private static bool HasPapikaTables(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $table;";
        command.Parameters.AddWithValue("$table", PapikaUserErasure.UsersTable);
        return command.ExecuteScalar() is not null;
    }

    private static UserErasure Erasure(ParseResult parse)
    {
        var options = new UserErasureOptions();
        options.Fields.AddRange(parse.GetValue(Fields) ?? []);
        options.Secrets.AddRange(parse.GetValue(Secrets) ?? []);
        if (parse.GetValue(SecretFile) is { } file)
        {
            if (!file.Exists)
            {
                throw new CliException($"{file.FullName}: no such file.", ExitCodes.Usage);
            }

            try
            {
                options.Secrets.AddRange(File.ReadAllLines(file.FullName).Select(l => l.Trim()).Where(l => l.Length > 0));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"{file.FullName}: {ex.Message}");
            }
        }

        try
        {
            return new UserErasure(parse.GetValue(User)!, options);
        }
        catch (ArgumentException ex)
        {
            // The messages name the bad field or say a secret is too short; they never contain a secret.
            throw new CliException(ex.Message, ExitCodes.Usage);
        }
    }

    private static (IErasableStore Store, string Target) Open(ParseResult parse) => StoreOptions.Open<(IErasableStore, string)>(
        parse,
        static options => (new SqliteEventEraser(options), options.Path),
        static options =>
        {
            var backend = new PostgreSqlBackend(options);
            return (backend, $"PostgreSQL table {backend.Table}");
        },
        static options =>
        {
            var backend = new MongoBackend(options);
            return (backend, $"MongoDB collection {backend.Database}.{backend.Collection}");
        });
}
