namespace EventTracking.Samples.Collector;

/// <summary>
/// A self-hosted collector: receives events over HTTP (the native route and the Pycolytics routes) and stores them in
/// an embedded SQLite file through the tracker's routing tree.
/// </summary>
public sealed class Program
{
    private Program()
    {
    }

    /// <summary>Starts the collector.</summary>
    /// <param name="args">Command-line settings, such as <c>--Collector:Keys:mobile=…</c>.</param>
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        // The routing tree (an async node in front of SQLite) comes from appsettings.json ("EventTracking").
        builder.Services.AddEventTracking(builder.Configuration.GetSection("EventTracking"));

        // Keys and limits from "Collector": appsettings.Development.json holds a key for trying it out; anywhere else,
        // set one in the environment (Collector__Keys__mobile=…) or the collector refuses to start.
        builder.Services.AddEventCollector(builder.Configuration.GetSection("Collector"));

        var app = builder.Build();

        // Behind a proxy, call app.UseForwardedHeaders() here, so client_ip and the per-client rate limit see the client.
        app.MapEventCollector();
        app.MapPycolytics();
        app.MapGet("/", () => Results.Text("""
            EventTracking collector sample.
              POST /api/events     canonical events (HttpBackend), key in X-Api-Key or Authorization: Bearer
              POST /v1.0/events    Pycolytics batch (pycolytics-godot), key in each event's api_key
              POST /v1.0/event     Pycolytics single event
            Events are stored in events.db; see README.md for curl and sqlite3 commands.
            """));

        app.Run();
    }
}
