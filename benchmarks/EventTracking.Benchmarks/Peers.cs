using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace EventTracking.Benchmarks;

/// <summary>The peers a .NET user would otherwise pick, set up as the issue describes.</summary>
internal static class Peers
{
    /// <summary>Serilog with <c>Enrich.FromLogContext()</c> into a sink that drops everything.</summary>
    public static Serilog.ILogger Serilog() =>
        new LoggerConfiguration().MinimumLevel.Information().Enrich.FromLogContext().WriteTo.Sink(new NoopSink()).CreateLogger();

    /// <summary>Microsoft.Extensions.Logging with one provider that reads the scopes of every entry.</summary>
    public static Microsoft.Extensions.Logging.ILogger MicrosoftLogging() =>
        LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(new ScopeReadingProvider())).CreateLogger("bench");

    private sealed class NoopSink : ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
        }
    }

    private sealed class ScopeReadingProvider : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new ScopeReadingLogger(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class ScopeReadingLogger(ScopeReadingProvider provider) : Microsoft.Extensions.Logging.ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var count = 0;
                provider._scopes.ForEachScope((_, c) => c++, count);
            }
        }
    }
}
