using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace EventTracking.CollectorLoad;

/// <summary>
/// The collector under test, in this process: Kestrel on 127.0.0.1 (a free port), the native route, and the sample's
/// tree (an async node over a SQLite file, acknowledged delivery skipping its queue), with rate limits off.
/// </summary>
internal sealed class CollectorHost : IAsyncDisposable
{
    public const string Key = "load-test-key-0123456789";

    private readonly WebApplication _app;

    private CollectorHost(WebApplication app, Uri address, string path)
    {
        _app = app;
        Address = address;
        DatabasePath = path;
    }

    public Uri Address { get; }

    public string DatabasePath { get; }

    public static async Task<CollectorHost> StartAsync(string databasePath, string synchronous)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EventTracking:Context:collector"] = "load",
            ["EventTracking:Backends:store:Type"] = "AsyncRouting",
            ["EventTracking:Backends:store:Options:Capacity"] = "10000",
            ["EventTracking:Backends:store:Backends:db:Type"] = "Sqlite",
            ["EventTracking:Backends:store:Backends:db:Options:Path"] = databasePath,
            ["EventTracking:Backends:store:Backends:db:Options:Synchronous"] = synchronous,
            ["Collector:Keys:load"] = Key,
            ["Collector:RateLimit:EventsPerKey"] = "0",
            ["Collector:RateLimit:EventsPerClient"] = "0",
        });
        builder.Services.AddEventTracking(builder.Configuration.GetSection("EventTracking"));
        builder.Services.AddEventCollector(builder.Configuration.GetSection("Collector"));
        var app = builder.Build();
        app.UseEventTracking();
        app.MapEventCollector();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CollectorHost(app, new Uri(address), databasePath);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
