using EventTracking.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EventTracking.AspNetCore.Tests.HealthChecks;

public sealed class HealthCheckTests
{
    [Test]
    public async Task ATreeWhoseStoresAnswerIsHealthy()
    {
        var report = await CheckAsync(t => t.AddRouting("store", r => r.AddBackend("db", new ProbedBackend())).AddInMemory());

        Assert.That(report.Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That(report.Entries["event_tracking"].Data["store/db"], Is.EqualTo("reachable"));
    }

    [Test]
    public async Task AStoreThatCannotBeReachedMakesItUnhealthy()
    {
        var db = new ProbedBackend { Probe = () => HealthProbeResult.Unreachable("connection refused") };

        var report = await CheckAsync(t => t.AddRouting("store", r => r.AddBackend("db", db)));

        var entry = report.Entries["event_tracking"];
        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(entry.Description, Is.EqualTo("store/db is unreachable: connection refused"));
    }

    [Test]
    public async Task AProbeThatThrowsCountsAsUnreachable()
    {
        var db = new ProbedBackend { Probe = () => throw new TimeoutException("no answer in 5s") };

        var report = await CheckAsync(t => t.AddBackend("db", db));

        Assert.That(report.Entries["event_tracking"].Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(report.Entries["event_tracking"].Exception, Is.InstanceOf<TimeoutException>());
    }

    private static async Task<HealthReport> CheckAsync(Action<EventTrackingBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddEventTracking(configure);
        services.AddEventTrackingHealthChecks();
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
    }
}
