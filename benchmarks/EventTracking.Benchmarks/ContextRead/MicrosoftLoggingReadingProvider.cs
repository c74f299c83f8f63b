using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace EventTracking.Benchmarks.ContextRead;

/// <summary>
/// The Microsoft.Extensions.Logging peer's provider: reads each entry's state and the key/value pairs of every scope in
/// force, with a UTC timestamp taken at the call (entries carry none), and writes them as JSON or, given a
/// <see cref="PairWalk"/>, only walks them.
/// </summary>
internal sealed class MicrosoftLoggingReadingProvider(JsonScratch scratch, Regex allow, PairWalk? walk = null) : ILoggerProvider, ISupportExternalScope
{
    private readonly Regex _allow = allow;
    private readonly PairWalk? _walk = walk;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ILogger CreateLogger(string categoryName) => new ReadingLogger(this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private void Write(IReadOnlyList<KeyValuePair<string, object?>> values)
    {
        var writer = scratch.Begin();
        writer.WriteStartObject();
        writer.WriteString("timestamp", DateTimeOffset.UtcNow);
        writer.WriteStartObject("scopes");
        _scopes.ForEachScope(
            static (scope, w) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object>> pairs)
                {
                    foreach (var (key, value) in pairs)
                    {
                        w.WritePropertyName(key);
                        EventJson.WriteValue(w, value);
                    }
                }
            },
            writer);
        writer.WriteEndObject();
        writer.WriteStartObject("state");
        for (var i = 0; i < values.Count; i++)
        {
            writer.WritePropertyName(values[i].Key);
            EventJson.WriteValue(writer, values[i].Value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        scratch.End();
    }

    private void Walk(IReadOnlyList<KeyValuePair<string, object?>> values, PairWalk walk)
    {
        walk.Touch((string)values[^1].Value!, DateTimeOffset.UtcNow);
        _scopes.ForEachScope(
            static (scope, w) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object>> pairs)
                {
                    foreach (var (key, value) in pairs)
                    {
                        w.Touch(key, value);
                    }
                }
            },
            walk);
        for (var i = 0; i < values.Count; i++)
        {
            walk.Touch(values[i].Key, values[i].Value);
        }
    }

    private sealed class ReadingLogger(MicrosoftLoggingReadingProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The entry's template is its last state value ({OriginalFormat}), the counterpart of an event name.
            if (state is not IReadOnlyList<KeyValuePair<string, object?>> values || values.Count == 0
                || values[^1].Value is not string template || !provider._allow.IsMatch(template))
            {
                return;
            }

            if (provider._walk is { } walk)
            {
                provider.Walk(values, walk);
            }
            else
            {
                provider.Write(values);
            }
        }
    }
}
