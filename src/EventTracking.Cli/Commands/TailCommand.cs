using System.CommandLine;
using EventTracking.Cli.Output;
using EventTracking.Reading;

namespace EventTracking.Cli.Commands;

/// <summary><c>eventtracking tail</c>: follows the store and prints new events as they are stored, until Ctrl+C.</summary>
internal static class TailCommand
{
    private static readonly Option<int> Interval = new("--interval") { Description = "Milliseconds between reads of the store.", DefaultValueFactory = _ => 500 };

    private static readonly Option<int> Last = new("--last") { Description = "Print this many stored events first, then follow.", DefaultValueFactory = _ => 0 };

    private static readonly Option<int?> Max = new("--max-events") { Description = "Stop after printing this many events." };

    public static Command Create()
    {
        var command = new Command("tail", "Follow the store: print events as they are stored, until Ctrl+C.");
        FilterOptions.AddTo(command);
        command.Options.Add(Interval);
        command.Options.Add(Last);
        command.Options.Add(Max);
        command.Options.Add(Formats.Events);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var filter = FilterOptions.Read(parse);
        var interval = parse.GetValue(Interval);
        if (interval is < 50 or > 60_000)
        {
            throw new CliException($"--interval must be between 50 and 60000 ms, not {interval}.", ExitCodes.Usage);
        }

        var reader = await StoreOptions.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
        var writer = new EventWriter(Console.Out, Formats.Resolve(parse, Formats.Events));
        var max = parse.GetValue(Max) ?? long.MaxValue;
        long printed = 0;
        var follower = new EventFollower(reader, filter, TimeSpan.FromSeconds(3));

        EventCursor? start = null;
        if (parse.GetValue(Last) is > 0 and var last)
        {
            var recent = await reader.ReadAsync(new EventReadQuery { Filter = filter, Limit = Math.Min(last, EventReadQuery.MaxLimit) }, cancellationToken).ConfigureAwait(false);
            for (var i = recent.Events.Count - 1; i >= 0 && printed < max; i--, printed++)
            {
                await writer.WriteAsync(recent.Events[i], cancellationToken).ConfigureAwait(false);
            }

            start = recent.Events.Count > 0 ? EventCursor.At(recent.Events[0]) : null;
        }

        await follower.StartAsync(start, cancellationToken).ConfigureAwait(false);
        await Console.Error.WriteLineAsync("following; Ctrl+C stops".AsMemory(), cancellationToken).ConfigureAwait(false);
        await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(interval));
        try
        {
            while (printed < max && await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var evt in await follower.PollAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (printed++ >= max)
                    {
                        break;
                    }

                    await writer.WriteAsync(evt, cancellationToken).ConfigureAwait(false);
                }

                await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the normal end of a tail.
        }

        return ExitCodes.Success;
    }
}
