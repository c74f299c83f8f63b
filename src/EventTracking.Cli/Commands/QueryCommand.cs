using System.CommandLine;
using EventTracking.Cli.Output;
using EventTracking.Reading;

namespace EventTracking.Cli.Commands;

/// <summary><c>eventtracking query</c>: the stored events that match, newest first, as JSON lines or a table.</summary>
internal static class QueryCommand
{
    private static readonly Option<int> Limit = new("--limit", "-l") { Description = "The most events to print.", DefaultValueFactory = _ => 100 };

    private static readonly Option<bool> Oldest = new("--oldest-first") { Description = "Oldest first instead of newest first." };

    private static readonly Option<string?> After = new("--after") { Description = "Continue after this cursor (printed on stderr when more events match)." };

    public static Command Create()
    {
        var command = new Command("query", "Print the stored events that match, newest first.");
        FilterOptions.AddTo(command);
        command.Options.Add(Limit);
        command.Options.Add(Oldest);
        command.Options.Add(After);
        command.Options.Add(Formats.Events);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var filter = FilterOptions.Read(parse);
        var limit = parse.GetValue(Limit);
        if (limit < 1)
        {
            throw new CliException($"--limit must be at least 1, not {limit}.", ExitCodes.Usage);
        }

        EventCursor? after = null;
        if (parse.GetValue(After) is { } token)
        {
            after = EventCursor.TryParse(token, out var cursor) ? cursor : throw new CliException($"--after '{token}' is not a cursor.", ExitCodes.Usage);
        }

        var reader = await StoreOptions.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
        var writer = new EventWriter(Console.Out, Formats.Resolve(parse, Formats.Events));
        var query = new EventReadQuery
        {
            Filter = filter,
            Order = parse.GetValue(Oldest) ? EventOrder.OldestFirst : EventOrder.NewestFirst,
            After = after,
        };
        var printed = 0;
        EventCursor? next;
        do
        {
            var page = await reader.ReadAsync(query with { Limit = Math.Min(limit - printed, EventReadQuery.MaxLimit) }, cancellationToken).ConfigureAwait(false);
            foreach (var evt in page.Events)
            {
                await writer.WriteAsync(evt, cancellationToken).ConfigureAwait(false);
            }

            printed += page.Events.Count;
            next = page.Next;
            query = query with { After = next };
        }
        while (next is not null && printed < limit);

        if (next is { } more)
        {
            await Console.Error.WriteLineAsync($"more events match: continue with --after {more}".AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
