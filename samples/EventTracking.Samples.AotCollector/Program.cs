// The smallest collector: the routing tree (a SQLite store) comes from appsettings.json, the API key from the environment
// (Collector__Keys__sample=…; appsettings.Development.json holds one for trying it out). CI publishes it with Native
// AOT, posts an event to it and reads the event back from the SQLite file (.ci/after/35-aot-web.sh).
using EventTracking.Samples;

IConfiguration? configuration = null;
try
{
    var builder = WebApplication.CreateSlimBuilder(args);
    configuration = builder.Configuration;

    // A refused start is explained by StartupFailure below, first: not after the host's own stack trace.
    builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
    builder.Services.AddEventTracking(builder.Configuration.GetSection("EventTracking"));
    builder.Services.AddEventCollector(builder.Configuration.GetSection("Collector"));

    var app = builder.Build();
    app.UseEventTracking();
    app.MapEventCollector();

    // A refused start (no key, a bad option, a port in use) throws here and is explained below: exit code 1, no abort.
    await using (app)
    {
        await app.StartAsync();
        await app.WaitForShutdownAsync();
    }

    return 0;
}
catch (Exception ex) when (StartupFailure.IsReportable(ex))
{
    return StartupFailure.Report("The collector", ex, configuration, Console.Error);
}
