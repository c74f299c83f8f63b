using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EventTracking.Cli.Output;
using EventTracking.Reading;

namespace EventTracking.Cli.Commands;

/// <summary><c>eventtracking catalog</c>: every event name with its count, first and last seen, and its fields.</summary>
internal static class CatalogCommand
{
    private static readonly Option<int> Sample = new("--sample") { Description = "How many of each name's newest events to inspect for fields.", DefaultValueFactory = _ => 200 };

    public static Command Create()
    {
        var command = new Command("catalog", "List every event name with its count, first and last seen, and the fields it carries in data and context.");
        FilterOptions.AddTo(command);
        command.Options.Add(Sample);
        command.Options.Add(Formats.Reports);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var query = new EventCatalogQuery { Filter = FilterOptions.Read(parse), SamplePerName = parse.GetValue(Sample) };
        try
        {
            query.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message, ExitCodes.Usage);
        }

        var reader = await StoreOptions.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
        var catalog = await reader.GetCatalogAsync(query, cancellationToken).ConfigureAwait(false);
        var output = Console.Out;
        if (Formats.Resolve(parse, Formats.Reports) == OutputFormat.Jsonl)
        {
            foreach (var entry in catalog)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    name = entry.Name,
                    count = entry.Count,
                    firstSeen = entry.FirstSeen,
                    lastSeen = entry.LastSeen,
                    sampled = entry.Sampled,
                    fields = entry.Fields.Select(f => new
                    {
                        source = f.Source.ToString().ToLowerInvariant(),
                        path = f.Path,
                        types = f.Types.ToString().ToLowerInvariant().Split(", "),
                        present = f.Present,
                        presence = f.Presence,
                        examples = f.Examples,
                    }),
                }, CliJson.Options).AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }

        foreach (var entry in catalog)
        {
            await output.WriteLineAsync(EventWriter.Printable(string.Create(CultureInfo.InvariantCulture,
                $"{entry.Name}  {entry.Count} events  first {entry.FirstSeen:yyyy-MM-dd HH:mm:ss}  last {entry.LastSeen:yyyy-MM-dd HH:mm:ss} UTC")).AsMemory(), cancellationToken).ConfigureAwait(false);
            foreach (var field in entry.Fields)
            {
                var examples = string.Join(", ", field.Examples.Select(e => EventWriter.Cut(e, 30)));
                await output.WriteLineAsync(EventWriter.Printable(string.Create(CultureInfo.InvariantCulture,
                    $"  {field.Source.ToString().ToLowerInvariant(),-7}  {EventWriter.Cut(field.Path, 32),-32}  {field.Types.ToString().ToLowerInvariant(),-22}  {field.Presence,5:P0}  {examples}")).AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }

        return ExitCodes.Success;
    }
}
