using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using CollectorProgram = EventTracking.Samples.Collector.Program;

namespace EventTracking.Collector.Tests.Support;

/// <summary>
/// The collector sample program in this process, on real Kestrel at 127.0.0.1 with a port the OS picks, storing in
/// <c>events.db</c> in a folder of the test's. Not started: a test calls <c>StartServer()</c>, or expects it to fail.
/// </summary>
internal static class CollectorSample
{
    /// <summary>Creates the sample's factory.</summary>
    /// <param name="folder">The folder of <c>events.db</c>; the test creates and deletes it.</param>
    /// <param name="environment">The host environment, such as <c>Development</c>.</param>
    /// <param name="logs">Receives the sample's log lines, when given.</param>
    /// <param name="settings">Configuration values set after the store's path, as the environment would.</param>
    public static WebApplicationFactory<CollectorProgram> Create(string folder, string environment = "Development", ILoggerProvider? logs = null, params (string Key, string Value)[] settings)
    {
        var factory = new WebApplicationFactory<CollectorProgram>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(environment);
            if (logs is not null)
            {
                // The sample keeps the host's "Hosting failed to start" error off its console and prints the reason itself
                // (CollectorRefusedStartTests, on the real process); in process the reason is read from this log instead.
                web.ConfigureServices(services => services.AddSingleton(logs).Configure<LoggerFilterOptions>(filters =>
                    filters.Rules.Add(new LoggerFilterRule(null, "Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Error, null))));
            }

            web.UseSetting("EventTracking:Backends:store:Backends:db:Options:Path", Path.Combine(folder, "events.db"));
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        return factory;
    }
}
