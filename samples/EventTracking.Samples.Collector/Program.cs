using EventTracking.Samples;

namespace EventTracking.Samples.Collector;

/// <summary>
/// A self-hosted collector: receives events over HTTP (the native route, the Pycolytics routes and, while configured,
/// the Microticks, Attolytics and Papika routes) and stores them in an embedded SQLite file through the tracker's
/// routing tree.
/// </summary>
public sealed class Program
{
    private Program()
    {
    }

    /// <summary>Starts the collector, or runs a Microticks operator command (<c>microticks create-consumer NAME</c>).</summary>
    /// <param name="args">Command-line settings, such as <c>--Collector:Keys:mobile=…</c>, or a Microticks command.</param>
    /// <returns>The exit code: 0 after a normal stop, 1 when the start was refused (the reason is on standard error).</returns>
    public static async Task<int> Main(string[] args)
    {
        IConfiguration? configuration = null;
        try
        {
            // The content root is the build folder (where appsettings.json and attolytics.schema.yaml are copied), so the
            // sample starts the same from `dotnet run`, from its build folder or from anywhere else; --contentRoot changes it.
            // Every relative path (events.db, papika.db, the schema file) is taken from the content root. The address:
            // --urls or ASPNETCORE_URLS when given, else http://localhost:5090.
            var builder = SampleHost.CreateBuilder(args, "http://localhost:5090");
            configuration = builder.Configuration;
            var (app, exitCode) = await BuildAsync(builder, args);
            if (exitCode is not null)
            {
                return exitCode.Value;
            }

            await using (app)
            {
                // A refused start (no key outside Development, a bad option) throws here, before any request is served.
                await app.StartAsync();
                await app.WaitForShutdownAsync();
            }

            return 0;
        }
        catch (Exception ex) when (StartupFailure.IsReportable(ex))
        {
            return StartupFailure.Report("The collector", ex, configuration, Console.Error);
        }
    }

    private static async Task<(WebApplication App, int? ExitCode)> BuildAsync(WebApplicationBuilder builder, string[] args)
    {
        // The routing tree (an async node in front of SQLite) comes from appsettings.json ("EventTracking").
        builder.Services.AddEventTracking(builder.Configuration.GetSection("EventTracking"));

        // Keys and limits from "Collector": appsettings.Development.json holds a key for trying it out; anywhere else,
        // set one in the environment (Collector__Keys__mobile=…) or the collector refuses to start.
        builder.Services.AddEventCollector(builder.Configuration.GetSection("Collector"));

        // The Microticks surface is on while the configuration has a "Microticks" section (appsettings.json does).
        // Its consumers and sessions live in the SQLite store's file; its read routes answer from that store.
        var microticks = builder.Configuration.GetSection("Microticks");
        if (microticks.Exists())
        {
            builder.Services.AddMicroticks(microticks);
        }

        // Papika (research telemetry from its Unity, TypeScript and Python clients) is on while "Papika" is configured.
        var papika = builder.Configuration.GetSection("Papika");
        if (papika.Exists())
        {
            builder.Services.AddPapika(papika);
        }

        // The dashboard at /eventtracking is open to anyone in Development only. Anywhere else it needs a signed-in
        // user: this sample signs in a request whose "Authorization: Bearer" is Dashboard:Key; with no key configured
        // nobody is, and every dashboard request gets 401. Put your application's own sign-in here instead.
        builder.Services.AddAuthentication(DashboardKeyAuthenticationHandler.SchemeName)
            .AddScheme<DashboardKeyOptions, DashboardKeyAuthenticationHandler>(
                DashboardKeyAuthenticationHandler.SchemeName, o => o.Key = builder.Configuration["Dashboard:Key"]);
        builder.Services.AddAuthorization();

        var app = builder.Build();

        // `dotnet run -- microticks create-consumer NAME` prints a new consumer's key instead of starting the server.
        if (await app.RunMicroticksCommandAsync(args, Console.Out) is { } exitCode)
        {
            await app.DisposeAsync();
            return (app, exitCode);
        }

        // Behind a proxy, call app.UseForwardedHeaders() here, so client_ip and the per-client rate limit see the client.
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapEventTrackingDashboard("/eventtracking", dashboard => dashboard.AllowAnonymous = app.Environment.IsDevelopment());

        // Erasure of one user's events (POST {"user_id": "…"}), in every environment for the Dashboard:Key holder only.
        app.MapEventTrackingErasure("/eventtracking/erase");
        app.MapEventCollector();
        app.MapPycolytics();
        if (microticks.Exists())
        {
            app.MapMicroticks("/microticks");
        }

        // Attolytics clients, once a schema file names their apps and tables (appsettings.Development.json names
        // attolytics.schema.yaml; a mistake in the file stops the start with its path and line).
        var attolytics = builder.Configuration.GetSection("Attolytics");
        if (attolytics["SchemaPath"] is { Length: > 0 } schemaPath)
        {
            app.MapAttolytics(attolytics["Prefix"] ?? string.Empty, schemaPath);
        }

        if (papika.Exists())
        {
            app.MapPapika();
        }

        app.MapGet("/", () => Results.Text("""
            EventTracking collector sample.
              POST /api/events              canonical events (HttpBackend), key in X-Api-Key or Authorization: Bearer
              POST /v1.0/events             Pycolytics batch (pycolytics-godot), key in each event's api_key
              POST /v1.0/event              Pycolytics single event
              POST /api/user, /api/user/get_data, /api/user/set_data, /api/experiment, /api/session, /api/event
                                            Papika (its Unity, TypeScript and Python clients), when "Papika" is configured
              POST /microticks/sessions, /microticks/events, /microticks/sessions/stop
                                            Microticks (jQuery touch-table client), form posts with a consumer key or session token
              GET  /microticks/events, /microticks/sessions
                                            Microticks reads, with ?key=<Microticks:ReadKey>
              POST /apps/{app_id}/events    Attolytics batch, when Attolytics:SchemaPath names a schema file
            GET  /eventtracking             the dashboard: anonymous in Development, else Authorization: Bearer <Dashboard:Key>
            POST /eventtracking/erase       {"user_id": "…"}: erase a user's events; always Authorization: Bearer <Dashboard:Key>
            Events are stored in events.db in the content root (EventTracking:Backends:store:Backends:db:Options:Path);
            see README.md for curl and sqlite3 commands.
            """));

        return (app, null);
    }
}
