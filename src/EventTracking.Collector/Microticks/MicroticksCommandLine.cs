using EventTracking;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EventTracking.Collector;

/// <summary>
/// The operator's commands, in place of the original's <c>flask createconsumer NAME</c>: create a consumer (its key is
/// shown once and only its hash is kept), deactivate one, list them.
/// </summary>
internal static class MicroticksCommandLine
{
    public const string Verb = "microticks";

    public const int Succeeded = 0;

    public const int Failed = 1;

    public const int Usage = 2;

    private const string UsageText =
        """
        Usage:
          microticks create-consumer NAME      create a consumer and print its key (shown only this once)
          microticks deactivate-consumer NAME  stop the consumer's key from starting sessions
          microticks list-consumers            list the consumers (never their keys)
        Settings for the application, such as --environment Production, may follow.
        """;

    /// <summary>Runs the command in <paramref name="args"/>; settings for the host (<c>--environment Production</c>) may follow it.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var words = args.TakeWhile(arg => !arg.StartsWith('-')).ToList();
        var command = words.Count > 1 ? words[1] : null;
        var name = words.Count > 2 ? words[2] : null;
        if (words.Count > 3 || command is null || (command != "list-consumers" && name is null) || (command == "list-consumers" && name is not null))
        {
            await output.WriteLineAsync(UsageText).ConfigureAwait(false);
            return Usage;
        }

        if (services.GetService<MicroticksConsumers>() is not { } consumers)
        {
            await output.WriteLineAsync("The Microticks surface is not enabled in this application, so it has no consumers.").ConfigureAwait(false);
            return Failed;
        }

        try
        {
            return command switch
            {
                "create-consumer" => await CreateAsync(consumers, name!, output, cancellationToken).ConfigureAwait(false),
                "deactivate-consumer" => await DeactivateAsync(consumers, name!, output, cancellationToken).ConfigureAwait(false),
                "list-consumers" => await ListAsync(consumers, output, cancellationToken).ConfigureAwait(false),
                _ => await UsageAsync(output).ConfigureAwait(false),
            };
        }
        catch (Exception ex) when (ex is OptionsValidationException or EventTrackingConfigurationException or SqliteException or IOException or UnauthorizedAccessException)
        {
            await output.WriteLineAsync($"The Microticks database could not be used: {ex.Message}").ConfigureAwait(false);
            return Failed;
        }
    }

    private static async Task<int> CreateAsync(MicroticksConsumers consumers, string name, TextWriter output, CancellationToken cancellationToken)
    {
        if (!MicroticksConsumers.IsValidName(name))
        {
            await output.WriteLineAsync("A consumer name must have 1 to 200 characters, not all blank, and no control characters.").ConfigureAwait(false);
            return Failed;
        }

        if (await consumers.CreateAsync(name, cancellationToken).ConfigureAwait(false) is not var (consumer, key))
        {
            await output.WriteLineAsync($"A consumer named \"{name}\" already exists.").ConfigureAwait(false);
            return Failed;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Created new consumer \"{consumer.Name}\" (id {consumer.Id})")).ConfigureAwait(false);
        await output.WriteLineAsync($"Consumer key: {key}").ConfigureAwait(false);
        await output.WriteLineAsync("Keep the key now: only its hash is stored, so it cannot be shown again.").ConfigureAwait(false);
        return Succeeded;
    }

    private static async Task<int> DeactivateAsync(MicroticksConsumers consumers, string name, TextWriter output, CancellationToken cancellationToken)
    {
        if (!await consumers.DeactivateAsync(name, cancellationToken).ConfigureAwait(false))
        {
            await output.WriteLineAsync($"There is no consumer named \"{name}\".").ConfigureAwait(false);
            return Failed;
        }

        await output.WriteLineAsync($"Deactivated consumer \"{name}\": its key no longer starts sessions.").ConfigureAwait(false);
        return Succeeded;
    }

    private static async Task<int> ListAsync(MicroticksConsumers consumers, TextWriter output, CancellationToken cancellationToken)
    {
        foreach (var consumer in await consumers.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var state = consumer.IsActive ? "active" : $"deactivated {consumer.DeactivatedAt}";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{consumer.Id}\t{consumer.Name}\tcreated {consumer.CreatedAt}\t{state}")).ConfigureAwait(false);
        }

        return Succeeded;
    }

    private static async Task<int> UsageAsync(TextWriter output)
    {
        await output.WriteLineAsync(UsageText).ConfigureAwait(false);
        return Usage;
    }
}
