using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EventTracking.Cli.Output;

namespace EventTracking.Cli.Commands;

/// <summary>
/// <c>eventtracking erase --user ID</c>: deletes one user's events from the store (<c>--sqlite</c>, <c>--postgres</c> or <c>--mongodb</c>),
/// matching the raw id and its keyed hash under each <c>--secret</c>, and prints how many were removed.
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

    public static Command Create()
    {
        var command = new Command("erase", "Delete every event of one user (the raw id and its keyed hashes) from the store, and say how many were removed.");
        command.Options.Add(User);
        command.Options.Add(Secrets);
        command.Options.Add(SecretFile);
        command.Options.Add(Fields);
        command.Options.Add(Formats.Reports);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var erasure = Erasure(parse);
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

        var output = Console.Out;
        if (Formats.Resolve(parse, Formats.Reports) == OutputFormat.Jsonl)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new { user = erasure.UserId, store = target, removed }, CliJson.Options).AsMemory(), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync(EventWriter.Printable(string.Create(CultureInfo.InvariantCulture,
                $"erased {removed} events of user {erasure.UserId} from {target}")).AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Success;
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
