using EventTracking.Reading;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventTracking.Dashboard.Tests.Support;

/// <summary>
/// A real Kestrel app on 127.0.0.1 (a free port) with a tracker that stores in a temporary SQLite file through an
/// async router, the dashboard at <c>/eventtracking</c>, and a test sign-in (<c>X-Test-User</c>, <c>X-Test-Role</c>).
/// </summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _directory;

    private DashboardHost(WebApplication app, DirectoryInfo directory, string path)
    {
        _app = app;
        _directory = directory;
        DatabasePath = path;
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public string BaseUrl { get; }

    public string DashboardUrl => BaseUrl + "/eventtracking";

    public string DatabasePath { get; }

    public Tracker Tracker => _app.Services.GetRequiredService<Tracker>();

    /// <summary>A reader of its own over the file, as a user's tool would open it.</summary>
    public IEventReader Store => new SqliteEventReader(DatabasePath);

    public static async Task<DashboardHost> StartAsync(Action<EventTrackingDashboardOptions> dashboard, Action<Microsoft.AspNetCore.Authorization.AuthorizationOptions>? authorization = null)
    {
        var directory = Directory.CreateTempSubdirectory("et-dashboard-");
        var path = Path.Combine(directory.FullName, "events.db");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddEventTracking(tracking => tracking.AddAsyncRouting(
            "store", store => store.AddSqlite("db", o => o.Path = path), o => o.MaxBatchDelay = TimeSpan.FromMilliseconds(20)));
        builder.Services.AddAuthentication(TestUserAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestUserAuthenticationHandler>(TestUserAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization(o => authorization?.Invoke(o));
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapEventTrackingDashboard("/eventtracking", dashboard);
        await app.StartAsync();
        return new DashboardHost(app, directory, path);
    }

    /// <summary>Stores events with the timestamps they carry, and returns when the store has committed them.</summary>
    public async Task StoreAsync(params TrackingEvent[] events) => await Tracker.DeliverAsync(events);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }
}
