using EventTracking.AspNetCore;
using Microsoft.Extensions.Options;

namespace EventTracking.Samples;

/// <summary>
/// Turns a refused start (missing keys, a bad option, a broken schema file, a port in use) into a short explanation on
/// standard error and exit code 1, instead of an unhandled exception that aborts the process (SIGABRT).
/// </summary>
internal static class StartupFailure
{
    /// <summary>The exit code of a refused start.</summary>
    public const int ExitCode = 1;

    /// <summary>Whether an exception thrown while building or starting the host is one to report and exit on.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns><see langword="false"/> for the test host's own stop signal, which must pass through.</returns>
    public static bool IsReportable(Exception exception) => exception is not HostAbortedException;

    /// <summary>Writes why the start was refused, with every configured secret blanked out, and returns the exit code.</summary>
    /// <param name="program">What did not start, as the first line says it: "The collector".</param>
    /// <param name="exception">What stopped the start.</param>
    /// <param name="configuration">The configuration, to find the secrets that must never be printed.</param>
    /// <param name="error">Where to write (standard error).</param>
    /// <returns><see cref="ExitCode"/>.</returns>
    public static int Report(string program, Exception exception, IConfiguration? configuration, TextWriter error)
    {
        var reasons = exception switch
        {
            OptionsValidationException options => options.Failures,
            EventTrackingConfigurationException config => [config.Message],
            AggregateException { InnerExceptions.Count: > 0 } aggregate => aggregate.InnerExceptions.Select(e => e.Message),
            _ => [$"{exception.GetType().Name}: {exception.Message}"],
        };

        var secrets = Secrets(configuration);
        error.WriteLine($"{program} did not start:");
        foreach (var reason in reasons)
        {
            error.WriteLine("  " + LogText.Escape(Redact(reason, secrets), 2000));
        }

        return ExitCode;
    }

    // Keys, read keys and secrets from any section: values of "Keys" entries and of settings named "*Key", "*Secret"
    // or "*Password", plus connection strings.
    private static List<string> Secrets(IConfiguration? configuration) =>
        configuration is null
            ? []
            : configuration.AsEnumerable()
                .Where(setting => setting.Value is { Length: >= 4 } && IsSecret(setting.Key))
                .Select(setting => setting.Value!)
                .OrderByDescending(value => value.Length)
                .ToList();

    private static bool IsSecret(string path)
    {
        var segments = path.Split(':');
        var last = segments[^1];
        return segments.Contains("Keys", StringComparer.OrdinalIgnoreCase)
            || segments.Contains("ConnectionStrings", StringComparer.OrdinalIgnoreCase)
            || last.EndsWith("Key", StringComparison.OrdinalIgnoreCase)
            || last.EndsWith("Secret", StringComparison.OrdinalIgnoreCase)
            || last.EndsWith("Password", StringComparison.OrdinalIgnoreCase);
    }

    private static string Redact(string text, List<string> secrets)
    {
        foreach (var secret in secrets)
        {
            text = text.Replace(secret, "[redacted]", StringComparison.Ordinal);
        }

        return text;
    }
}
