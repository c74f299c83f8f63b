using EventTracking.Collector.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventTracking.Collector.Tests.Samples;

/// <summary>The collector sample logs each refusal (Debug) only in Development.</summary>
public sealed class CollectorSampleLoggingTests
{
    [TestCase("Development", true)]
    [TestCase("Production", false)]
    public async Task DebugLoggingForTheCollectorIsOnOnlyInDevelopment(string environment, bool debug)
    {
        var directory = Directory.CreateTempSubdirectory("et-sample-logging-").FullName;
        try
        {
            await using var sample = CollectorSample.Create(directory, environment, settings: [("Collector:Keys:test", "a-key-for-this-test"), ("Papika:StorePath", Path.Combine(directory, "papika.db"))]);

            var logger = sample.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EventTracking.Collector");

            Assert.That(logger.IsEnabled(LogLevel.Debug), Is.EqualTo(debug));
            Assert.That(logger.IsEnabled(LogLevel.Information), Is.True);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
