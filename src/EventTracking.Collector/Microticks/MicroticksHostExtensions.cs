using EventTracking.Collector;
using Microsoft.Extensions.Hosting;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Runs the Microticks operator commands against a built (not started) host.</summary>
public static class MicroticksHostExtensions
{
    /// <summary>
    /// Runs <c>microticks create-consumer NAME</c>, <c>microticks deactivate-consumer NAME</c> or
    /// <c>microticks list-consumers</c> when <paramref name="args"/> starts with <c>microticks</c>, against the SQLite
    /// file the application's Microticks surface uses. Arguments from the first one starting with <c>-</c> on are left
    /// to the host (<c>--environment Production</c>, <c>--Microticks:Database=…</c>). A new consumer's key is written once to
    /// <paramref name="output"/>; only its SHA-256 hash is stored.
    /// </summary>
    /// <example>
    /// <code>
    /// var app = builder.Build();
    /// if (await app.RunMicroticksCommandAsync(args, Console.Out) is { } exitCode)
    /// {
    ///     return exitCode;
    /// }
    /// </code>
    /// </example>
    /// <param name="host">The built application; it need not be started.</param>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="output">Where the command writes what it did, or why it failed.</param>
    /// <param name="cancellationToken">Stops the command.</param>
    /// <returns>
    /// <see langword="null"/> when <paramref name="args"/> is not a Microticks command (run the application as usual);
    /// otherwise the exit code: 0 done, 1 failed (name taken, no such consumer, database unusable), 2 usage shown.
    /// </returns>
    public static async Task<int?> RunMicroticksCommandAsync(this IHost host, IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (args.Count == 0 || args[0] != MicroticksCommandLine.Verb)
        {
            return null;
        }

        return await MicroticksCommandLine.RunAsync(host.Services, args, output, cancellationToken).ConfigureAwait(false);
    }
}
