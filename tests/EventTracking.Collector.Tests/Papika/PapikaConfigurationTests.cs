using EventTracking.Collector.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventTracking.Collector.Tests.Papika;

/// <summary>The <c>Papika</c> configuration section: bound strictly and validated as the host starts.</summary>
public sealed class PapikaConfigurationTests
{
    [Test]
    public async Task TheSectionBindsExperimentsOriginsAndLimits()
    {
        await using var host = await StartAsync(new()
        {
            ["Papika:StorePath"] = "data/papika.db",
            ["Papika:Experiments:00000000-0000-0000-0000-000000000000"] = "2",
            ["Papika:Experiments:5f0c8a4e-2b1d-4c3e-9a7f-6d5e4c3b2a19"] = "4",
            ["Papika:VerifyChecksum"] = "true",
            ["Papika:AllowedOrigins:0"] = "https://game.example.org",
            ["Papika:MaxRequestBodySize"] = "1048576",
            ["Papika:MaxBatchSize"] = "500",
        });

        var options = host.Services.GetRequiredService<IOptions<PapikaOptions>>().Value;

        Assert.That(options.StorePath, Is.EqualTo("data/papika.db"));
        Assert.That(options.Experiments, Is.EquivalentTo(new Dictionary<string, int>
        {
            ["00000000-0000-0000-0000-000000000000"] = 2,
            ["5f0c8a4e-2b1d-4c3e-9a7f-6d5e4c3b2a19"] = 4,
        }));
        Assert.That(options.VerifyChecksum, Is.True);
        Assert.That(options.AllowedOrigins, Is.EqualTo(new[] { "https://game.example.org" }));
        Assert.That((options.MaxRequestBodySize, options.MaxBatchSize), Is.EqualTo((1048576L, 500)));
    }

    [Test]
    public void MistakesFailTheStartNamingEachSetting()
    {
        var ex = Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new()
        {
            ["Papika:StorePath"] = " ",
            ["Papika:Experiments:level-one"] = "2",
            ["Papika:Experiments:00000000-0000-0000-0000-000000000000"] = "0",
            ["Papika:AllowedOrigins:0"] = "game.example.org",
            ["Papika:MaxBatchSize"] = "0",
        }));

        Assert.That(ex!.Failures, Is.EquivalentTo(new[]
        {
            "Papika:StorePath must name a SQLite file for Papika's users, sessions and experiment assignments.",
            "Papika:Experiments:level-one is not a UUID; experiments are named by the UUID their clients send as experiment_id.",
            "Papika:Experiments:00000000-0000-0000-0000-000000000000 must be a number of conditions of at least 1, not 0.",
            "Papika:AllowedOrigins: 'game.example.org' is not an origin such as https://game.example.org (or * for any).",
            "Papika:MaxBatchSize must be greater than 0, not 0.",
        }));
    }

    [Test]
    public void ABatchLimitAboveThePerClientRateLimitFailsTheStart()
    {
        var ex = Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new() { ["Papika:MaxBatchSize"] = "2000" }, collector: o => o.RateLimit.EventsPerClient = 1000));

        Assert.That(ex!.Failures, Is.EqualTo(new[]
        {
            "Papika:MaxBatchSize (2000) is larger than Collector:RateLimit:EventsPerClient (1000): a full batch could never pass the rate limit. Lower it, or raise the limit.",
        }));
    }

    [Test]
    public void AnUnknownSettingFailsTheStart()
    {
        var ex = Assert.ThrowsAsync<EventTrackingConfigurationException>(() => StartAsync(new() { ["Papika:Experiment:00000000-0000-0000-0000-000000000000"] = "2" }));

        Assert.That(ex!.Message, Does.StartWith("Papika:Experiment is not an option of PapikaOptions"));
    }

    [Test]
    public void ANumberOfConditionsThatIsNotANumberFailsTheStartNamingIt()
    {
        var ex = Assert.ThrowsAsync<EventTrackingConfigurationException>(() => StartAsync(new() { ["Papika:Experiments:00000000-0000-0000-0000-000000000000"] = "two" }));

        Assert.That(ex!.Message, Is.EqualTo("Papika:Experiments:00000000-0000-0000-0000-000000000000 must be a number of conditions, such as 2, not 'two'."));
    }

    [Test]
    public void ALimitThatIsNotANumberFailsTheStartNamingIt()
    {
        var ex = Assert.ThrowsAsync<EventTrackingConfigurationException>(() => StartAsync(new() { ["Papika:MaxBatchSize"] = "many" }));

        Assert.That(ex!.Message, Does.StartWith("Papika:MaxBatchSize"));
    }

    [Test]
    public void MappingWithoutRegisteringSaysWhatToCall()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => app.MapPapika());

        Assert.That(ex!.Message, Is.EqualTo("The Papika surface is not registered: call services.AddPapika(...) before app.MapPapika()."));
    }

    [Test]
    public void MappingWithoutTheCollectorSaysWhatToCall()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddEventTracking();
        builder.Services.AddPapika(_ => { });
        var app = builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => app.MapPapika());

        Assert.That(ex!.Message, Does.StartWith("The event collector is not registered: call services.AddEventCollector(...)"));
    }

    [Test]
    public void MappingWithoutATrackerSaysWhatToCall()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddEventCollector(o => o.AllowAnonymous = true);
        builder.Services.AddPapika(_ => { });
        var app = builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => app.MapPapika());

        Assert.That(ex!.Message, Does.StartWith("No ITracker is registered: call services.AddEventTracking(...)"));
    }

    private static Task<CollectorTestHost> StartAsync(Dictionary<string, string?> settings, Action<EventCollectorOptions>? collector = null) =>
        CollectorTestHost.StartAsync(h => h.WithSettings(settings).PapikaFromSettings().Collector(collector));
}
