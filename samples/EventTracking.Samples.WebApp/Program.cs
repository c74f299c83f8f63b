using EventTracking;
using EventTracking.Samples;
using EventTracking.Samples.WebApp;
using Microsoft.AspNetCore.Authentication;
using Serilog;

IConfiguration? configuration = null;
try
{
    // The content root is the build folder unless --contentRoot says otherwise, so events.db and appsettings.json are
    // found the same from `dotnet run`, from the build folder or from anywhere else. The address: --urls or
    // ASPNETCORE_URLS when given, else http://localhost:5080.
    var builder = SampleHost.CreateBuilder(args, "http://localhost:5080");
    configuration = builder.Configuration;

    // Serilog writes the host's logs, and the tracking events the "tracking_logs" branch lets through, to the console.
    // Serilog does not see the host's logging filters: the host's "Hosting failed to start" error is kept out here too,
    // so a refused start says why first (StartupFailure, below).
    builder.Services.AddSerilog(logger => logger.ReadFrom.Configuration(builder.Configuration)
        .MinimumLevel.Override(SampleHost.HostCategory, Serilog.Events.LogEventLevel.Fatal));

    // The tree of backends comes from appsettings.json ("EventTracking"). MongoDB joins it only when a connection
    // string is configured, e.g. dotnet run -- --ConnectionStrings:EventsMongo=mongodb://localhost:27017
    builder.Services.AddEventTracking(builder.Configuration.GetSection("EventTracking"), tracking =>
    {
        if (builder.Configuration.GetConnectionString("EventsMongo") is { Length: > 0 } mongo)
        {
            tracking.AddAsyncRouting("archive", archive => archive.AddMongo("mongo", o => o.ConnectionString = mongo));
        }
    });
    if (builder.Configuration.GetConnectionString("EventsMongo") is { Length: > 0 })
    {
        // MongoDB can be read too, so the tree now holds two readable stores: the dashboard shows the SQLite one.
        var path = builder.Configuration["EventTracking:Backends:store:Backends:db:Options:Path"] ?? "events.db";
        builder.Services.AddSingleton<EventTracking.Reading.IEventReader>(_ => new SqliteEventReader(path));
    }

    builder.Services.AddEventTrackingHealthChecks();
    builder.Services.AddAuthentication(DemoUserAuthenticationHandler.SchemeName)
        .AddScheme<AuthenticationSchemeOptions, DemoUserAuthenticationHandler>(DemoUserAuthenticationHandler.SchemeName, null);
    builder.Services.AddAuthorization(o => o.AddPolicy("EventTrackingAdmin", p => p.RequireRole("privacy-admin")));
    builder.Services.AddScoped<EnrollmentService>();

    var app = builder.Build();

    // Behind a proxy, call app.UseForwardedHeaders() here, before UseEventTracking, so "ip" is the client's address.
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseEventTracking();

    // The dashboard over the SQLite store in the tree: open to anyone in Development only; anywhere else it requires a
    // signed-in user. The demo scheme (?user=…, X-Demo-User) signs users in in Development only, so outside it every
    // dashboard request gets 401 until the application's own sign-in replaces the demo scheme.
    app.MapEventTrackingDashboard("/eventtracking", dashboard => dashboard.AllowAnonymous = app.Environment.IsDevelopment());

    // Erasure of one user's events from every store of the tree, for administrators only, in every environment:
    // POST {"user_id": "alice"} with a signed-in user in the privacy-admin role (in Development, X-Demo-Role: privacy-admin).
    app.MapEventTrackingErasure("/eventtracking/erase", o => o.Policy = "EventTrackingAdmin");

    app.MapGet("/", () => Results.Text("""
        EventTracking web sample. Try (?user= and the X-Demo-* headers sign in in Development only):
          curl 'http://localhost:5080/courses/cs101?user=alice'
          curl -X POST -H 'X-Demo-User: bob' http://localhost:5080/courses/cs101/enroll
          curl 'http://localhost:5080/search?q=physics'
          curl http://localhost:5080/events
          curl http://localhost:5080/health
          http://localhost:5080/eventtracking  (the dashboard; anonymous in Development only)
          curl -X POST -H 'X-Demo-User: admin' -H 'X-Demo-Role: privacy-admin' -H 'Content-Type: application/json' -d '{"user_id":"alice"}' http://localhost:5080/eventtracking/erase
        """));

    // An event emitted in the handler, inside a nested "course" context: it carries both frames.
    app.MapGet("/courses/{courseId}", (string courseId, ITracker tracker) =>
    {
        using (tracker.Context("course", new { course_id = courseId }))
        {
            tracker.Emit("edx.course.viewed", new { tab = "overview" });
        }

        return Results.Ok(new { courseId });
    });

    // An event emitted by a service after an await: the request context is still there.
    app.MapPost("/courses/{courseId}/enroll", async (string courseId, EnrollmentService enrollments, CancellationToken cancellationToken) =>
        Results.Ok(new { enrollmentId = await enrollments.EnrollAsync(courseId, "audit", cancellationToken) }));

    // Not a course event: stored in SQLite, but the tracking_logs filter keeps it off the console.
    app.MapGet("/search", (string? q, ITracker tracker) =>
    {
        tracker.Emit("navigation.search", new { query = q ?? string.Empty });
        return Results.Ok(new { q });
    });

    // The newest stored events, read back from the SQLite file, as canonical JSON.
    app.MapGet("/events", async (Tracker tracker, int? limit, CancellationToken cancellationToken) =>
    {
        if (limit is < 1 or > MaxEventsShown)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, detail: $"limit must be between 1 and {MaxEventsShown}.");
        }

        await tracker.FlushAsync(cancellationToken);
        var store = SampleTree.Find<SqliteBackend>(tracker.Backend);
        if (store is null)
        {
            return Results.NotFound("No SQLite backend is configured.");
        }

        var events = await store.QueryAsync(new EventQuery { Limit = limit ?? 20 }, cancellationToken);
        return Results.Text("[" + string.Join(",\n", events.Select(EventJson.Serialize)) + "]", "application/json");
    });

    app.MapHealthChecks("/health");

    // A refused start (a mistake in the "EventTracking" section, a bad option) throws here and is explained below.
    await using (app)
    {
        await app.StartAsync();
        await app.WaitForShutdownAsync();
    }

    return 0;
}
catch (Exception ex) when (StartupFailure.IsReportable(ex))
{
    return StartupFailure.Report("The web sample", ex, configuration, Console.Error);
}

/// <summary>The sample's entry point, visible to the integration tests.</summary>
public partial class Program
{
    /// <summary>The most events <c>GET /events?limit=</c> shows.</summary>
    public const int MaxEventsShown = 1000;
}
