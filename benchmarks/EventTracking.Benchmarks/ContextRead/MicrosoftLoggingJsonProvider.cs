using Microsoft.Extensions.Logging;

namespace EventTracking.Benchmarks.ContextRead;

/// <summary>
/// The Microsoft.Extensions.Logging peer's provider: writes each entry's state and the key/value pairs of every scope
/// in force as JSON, with a UTC timestamp taken at the call (entries carry none).
/// </summary>
internal sealed class MicrosoftLoggingJsonProvider(JsonScratch scratch, System.Text.RegularExpressions.Regex allow) : ILoggerProvider, ISupportExternalScope
{
    private readonly System.Text.RegularExpressions.Regex _allow = allow;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ILogger CreateLogger(string categoryName) => new JsonLogger(this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class JsonLogger(MicrosoftLoggingJsonProvider provider) : ILogger
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

            var writer = provider.Begin();
            writer.WriteStartObject();
            writer.WriteString("timestamp", DateTimeOffset.UtcNow);
            writer.WriteStartObject("scopes");
            provider._scopes.ForEachScope(
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
            provider.End();
        }
    }

    private System.Text.Json.Utf8JsonWriter Begin() => scratch.Begin();

    private void End() => scratch.End();
}
