using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventTracking.Collector.Tests;

public sealed class CollectorStartupTests
{
    [Test]
    public async Task WithNoKeyAndAnonymousIngestionOffTheHostRefusesToStartAndSaysWhatToDo()
    {
        await using var app = Build("""{ "Collector": { } }""");

        var ex = Assert.ThrowsAsync<OptionsValidationException>(async () => await app.StartAsync());

        Assert.That(ex!.Message, Does.Contain("Collector:Keys: no API key is configured").And.Contain("Collector:AllowAnonymous"));
    }

    [Test]
    public async Task AnonymousIngestionMustBeEnabledExplicitly()
    {
        await using var app = Build("""{ "Collector": { "AllowAnonymous": true } }""");

        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        using var response = await client.PostAsync("/api/events", new StringContent("[]", Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await app.StopAsync();
    }

    [Test]
    public async Task KeysComeFromConfigurationAndOnlyTheirHashesAreKept()
    {
        await using var app = Build("""{ "Collector": { "Keys": { "mobile": "s3cret-mobile", "web": "s3cret-web" } } }""");

        await app.StartAsync();
        var options = app.Services.GetRequiredService<IOptions<EventCollectorOptions>>().Value;

        Assert.Multiple(() =>
        {
            Assert.That(options.Keys, Is.Empty);
            Assert.That(options.HashedKeys.Select(k => k.Name), Is.EqualTo(new[] { "mobile", "web" }));
            Assert.That(options.HashedKeys.Select(k => k.Hash.Length), Is.All.EqualTo(32));
        });
        await app.StopAsync();
    }

    [Test]
    public async Task AnEmptyKeyFailsTheStartNamingIt()
    {
        await using var app = Build("""{ "Collector": { "Keys": { "mobile": "" } } }""");

        Assert.That(async () => await app.StartAsync(), Throws.TypeOf<OptionsValidationException>().With.Message.Contains("Collector:Keys:mobile is empty"));
    }

    [Test]
    public async Task AMisspelledSettingFailsTheStartNamingItsPath()
    {
        await using var app = Build("""{ "Collector": { "Keys": { "mobile": "k" }, "MaxBodySize": 10 } }""");

        Assert.That(
            async () => await app.StartAsync(),
            Throws.TypeOf<EventTrackingConfigurationException>().With.Message.StartsWith("Collector:MaxBodySize is not an option of Collector"));
    }

    [Test]
    public async Task ARateLimitSmallerThanTheLargestBatchFailsTheStart()
    {
        await using var app = Build("""{ "Collector": { "Keys": { "mobile": "k" }, "RateLimit": { "EventsPerClient": 100 } } }""");

        Assert.That(
            async () => await app.StartAsync(),
            Throws.TypeOf<OptionsValidationException>().With.Message.Contains("Collector:RateLimit:EventsPerClient must be 0 (off) or at least MaxBatchSize (500), not 100"));
    }

    [Test]
    public void MappingTheCollectorWithoutRegisteringItSaysWhatIsMissing()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddEventTracking(t => t.AddInMemory());
        var app = builder.Build();

        Assert.That(() => app.MapEventCollector(), Throws.InvalidOperationException.With.Message.Contains("services.AddEventCollector"));
    }

    private static WebApplication Build(string json)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddEventTracking(t => t.AddInMemory());
        builder.Services.AddEventCollector(builder.Configuration.GetSection("Collector"));
        var app = builder.Build();
        app.MapEventCollector();
        return app;
    }
}
