using System.Net;
using System.Text.Json;
using EventTracking.Tests.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace EventTracking.Tests.Http;

public sealed class HttpBackendTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Test]
    public async Task ABatchIsPostedAsAJsonArrayOfCanonicalEventsWithTheirIds()
    {
        await using var collector = await TestCollector.StartAsync(Answer.Status(200));
        TrackingEvent[] batch = [SampleEvents.Navigation(), SampleEvents.Navigation()];

        await Backend(collector).SendBatchAsync(batch, CancellationToken.None).AsTask().WaitAsync(Patience);

        var request = collector.Requests.Single();
        Assert.That(request.Header("Content-Type"), Is.EqualTo("application/json"));
        Assert.That(request.Header("Content-Encoding"), Is.Null);
        using var body = JsonDocument.Parse(request.Json);
        Assert.That(body.RootElement.ValueKind, Is.EqualTo(JsonValueKind.Array));
        Assert.That(request.EventIds(), Is.EqualTo(batch.Select(e => e.Id)));
        var first = body.RootElement[0];
        Assert.That(first.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "id", "name", "timestamp", "context", "data" }));
        Assert.That(first.GetRawText(), Is.EqualTo(EventJson.Serialize(batch[0])));
    }

    [Test]
    public async Task WithGzipTheBodyIsCompressedAndDecodesOnTheServer()
    {
        await using var collector = await TestCollector.StartAsync(Answer.Status(200));
        TrackingEvent[] batch = [SampleEvents.Navigation(), SampleEvents.WithPayload(5000)];

        await Backend(collector, o => o.Gzip = true).SendBatchAsync(batch, CancellationToken.None).AsTask().WaitAsync(Patience);

        var request = collector.Requests.Single();
        Assert.That(request.Header("Content-Encoding"), Is.EqualTo("gzip"));
        Assert.That(request.RawBody[..2], Is.EqualTo(new byte[] { 0x1f, 0x8b }));
        Assert.That(request.RawBody, Has.Length.LessThan(request.Json.Length));
        Assert.That(request.EventIds(), Is.EqualTo(batch.Select(e => e.Id)));
    }

    [Test]
    public async Task HeadersTheApiKeyAndTheBearerTokenAreSent()
    {
        await using var collector = await TestCollector.StartAsync(Answer.Status(204));

        var backend = Backend(collector, o =>
        {
            o.Headers["X-Tenant"] = "school-7";
            o.ApiKey = "key-123";
            o.BearerToken = "token-456";
        });
        await backend.SendBatchAsync([SampleEvents.Navigation()], CancellationToken.None).AsTask().WaitAsync(Patience);

        var request = collector.Requests.Single();
        Assert.That(request.Header("X-Tenant"), Is.EqualTo("school-7"));
        Assert.That(request.Header("X-Api-Key"), Is.EqualTo("key-123"));
        Assert.That(request.Header("Authorization"), Is.EqualTo("Bearer token-456"));
    }

    [Test]
    public async Task A503ThenA200DeliversTheBatchExactlyOnceWithTheSameIds()
    {
        await using var collector = await TestCollector.StartAsync(Answer.Status(503), Answer.Status(200));
        TrackingEvent[] batch = [SampleEvents.Navigation(), SampleEvents.Navigation()];

        await Backend(collector).SendBatchAsync(batch, CancellationToken.None).AsTask().WaitAsync(Patience);

        var requests = collector.Requests;
        Assert.That(requests, Has.Count.EqualTo(2));
        Assert.That(requests[0].EventIds(), Is.EqualTo(batch.Select(e => e.Id)));
        Assert.That(requests[1].EventIds(), Is.EqualTo(requests[0].EventIds()));
    }

    [Test]
    public async Task ADroppedConnectionIsRetried()
    {
        await using var collector = await TestCollector.StartAsync(Answer.Abort(), Answer.Status(200));

        await Backend(collector).SendBatchAsync([SampleEvents.Navigation()], CancellationToken.None).AsTask().WaitAsync(Patience);

        Assert.That(collector.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task RetryAfterIsHonoured()
    {
        await using var collector = await TestCollector.StartAsync(Answer.Status(429, retryAfter: "1"), Answer.Status(200));

        await Backend(collector).SendBatchAsync([SampleEvents.Navigation()], CancellationToken.None).AsTask().WaitAsync(Patience);

        var requests = collector.Requests;
        Assert.That(requests, Has.Count.EqualTo(2));
        Assert.That(requests[1].At - requests[0].At, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900)));
    }

    [Test]
    public async Task ARetryAfterLongerThanMaxRetryDelayEndsTheSendSoTheCallerCanRetryLater()
    {
        await using var collector = await TestCollector.StartAsync(Answer.Status(503, retryAfter: "120"), Answer.Status(200));

        var send = Backend(collector).SendBatchAsync([SampleEvents.Navigation()], CancellationToken.None).AsTask();

        var thrown = Assert.ThrowsAsync<HttpRequestException>(() => send.WaitAsync(Patience));
        Assert.That(thrown.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(collector.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A400WithoutAnIndexIsBisectedUntilEachRefusedEventStandsAloneAndEachIsCountedRejectedOnce()
    {
        using var dropped = new MetricCollector<long>(null, EventTrackingDiagnostics.MeterName, "eventtracking.events.dropped");
        var logger = new FakeLogger();
        await using var collector = await TestCollector.StartAsync(Answer.Status(400, body: "unknown field 'foo'" + new string('!', 2000)));
        TrackingEvent[] batch = [SampleEvents.Navigation(), SampleEvents.Navigation(), SampleEvents.Navigation()];

        await Backend(collector, logger: logger).SendBatchAsync(batch, CancellationToken.None).AsTask().WaitAsync(Patience);

        Assert.That(collector.Requests, Has.Count.EqualTo(5), "[0,1,2], then [0], [1,2], [1], [2]: never the same request twice");
        var rejected = dropped.GetMeasurementSnapshot()
            .Where(m => (string?)m.Tags["eventtracking.drop.reason"] == "rejected" && (string?)m.Tags["eventtracking.node"] == nameof(HttpBackend))
            .Sum(m => m.Value);
        Assert.That(rejected, Is.EqualTo(3));
        var record = logger.Collector.GetSnapshot().Single();
        Assert.That(record.Level, Is.EqualTo(LogLevel.Error));
        Assert.That(record.Message, Does.Contain("400").And.Contain("unknown field 'foo'"));
        var exception = (EventBatchRejectedException)record.Exception!;
        Assert.That(exception.ResponseBodyPrefix, Has.Length.EqualTo(512));
    }

    [Test]
    public async Task WithThrowOnRejectedA400ThrowsWithTheStatusAndTheStartOfTheBody()
    {
        await using var collector = await TestCollector.StartAsync(Answer.Status(422, body: "bad event"));

        var send = Backend(collector, o => o.ThrowOnRejected = true).SendBatchAsync([SampleEvents.Navigation()], CancellationToken.None).AsTask();

        var thrown = Assert.ThrowsAsync<EventBatchRejectedException>(() => send.WaitAsync(Patience));
        Assert.That(thrown.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(thrown.ResponseBodyPrefix, Is.EqualTo("bad event"));
        Assert.That(thrown.EventCount, Is.EqualTo(1));
        Assert.That(collector.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task AHungServerTimesOutEachAttemptAndIsRetried()
    {
        await using var collector = await TestCollector.StartAsync(Answer.Hang());
        var backend = Backend(collector, o =>
        {
            o.Timeout = TimeSpan.FromMilliseconds(300);
            o.MaxRetries = 2;
        });

        var send = backend.SendBatchAsync([SampleEvents.Navigation()], CancellationToken.None).AsTask();

        Assert.ThrowsAsync<TimeoutException>(() => send.WaitAsync(Patience));
        await collector.WaitForRequestsAsync(3);
        Assert.That(collector.Requests, Has.Count.EqualTo(3));
        Assert.That(collector.Requests.Select(r => r.EventIds().Single()).Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task ServerErrorsThatOutlastTheRetriesThrowSoTheCallerCanRetry()
    {
        await using var collector = await TestCollector.StartAsync(Answer.Status(500));

        var send = Backend(collector, o => o.MaxRetries = 1).SendBatchAsync([SampleEvents.Navigation()], CancellationToken.None).AsTask();

        var thrown = Assert.ThrowsAsync<HttpRequestException>(() => send.WaitAsync(Patience));
        Assert.That(thrown.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(collector.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task WithAnHttpClientFactoryTheNamedClientRetriesThroughTheSamePipeline()
    {
        await using var collector = await TestCollector.StartAsync(Answer.Status(503), Answer.Status(429, retryAfter: "0"), Answer.Status(200));
        var services = new ServiceCollection();
        services.AddEventTrackingHttpClient();
        services.AddEventTrackingHttpClient();
        await using var provider = services.BuildServiceProvider();

        var backend = Backend(collector, factory: provider.GetRequiredService<IHttpClientFactory>());
        await backend.SendBatchAsync([SampleEvents.Navigation()], CancellationToken.None).AsTask().WaitAsync(Patience);

        Assert.That(collector.Requests, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task SendDeliversOneEventSynchronouslyAndRetriesToo()
    {
        await using var collector = await TestCollector.StartAsync(Answer.Status(503), Answer.Status(200));
        var evt = SampleEvents.Navigation();

        await Task.Run(() => Backend(collector).Send(evt)).WaitAsync(Patience);

        Assert.That(collector.Requests, Has.Count.EqualTo(2));
        Assert.That(collector.Requests[1].EventIds(), Is.EqualTo(new[] { evt.Id }));
    }

    [Test]
    public async Task SendThroughTheFactoryClientRetriesToo()
    {
        await using var collector = await TestCollector.StartAsync(Answer.Status(503), Answer.Status(200));
        await using var provider = new ServiceCollection().AddEventTrackingHttpClient().Services.BuildServiceProvider();
        var backend = Backend(collector, factory: provider.GetRequiredService<IHttpClientFactory>());

        await Task.Run(() => backend.Send(SampleEvents.Navigation())).WaitAsync(Patience);

        Assert.That(collector.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task AnEmptyBatchSendsNothing()
    {
        await using var collector = await TestCollector.StartAsync(Answer.Status(200));

        await Backend(collector).SendBatchAsync([], CancellationToken.None);

        Assert.That(collector.Requests, Is.Empty);
    }

    [Test]
    public void AMissingEndpointIsAConfigurationErrorThatNamesIt()
    {
        Assert.That(() => new HttpBackend(new HttpBackendOptions()), Throws.ArgumentException.With.Message.Contains("HttpBackendOptions.Endpoint"));
    }

    [Test]
    public void AHeaderThatCannotBeSentIsAConfigurationError()
    {
        var options = new HttpBackendOptions { Endpoint = new Uri("http://127.0.0.1/events"), Headers = { ["Content-Type"] = "text/plain" } };

        Assert.That(() => new HttpBackend(options), Throws.ArgumentException.With.Message.Contains("'Content-Type'"));
    }

    private static HttpBackend Backend(
        TestCollector collector,
        Action<HttpBackendOptions>? configure = null,
        IHttpClientFactory? factory = null,
        ILogger? logger = null)
    {
        var options = new HttpBackendOptions
        {
            Endpoint = collector.Endpoint,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        return new HttpBackend(options, factory, logger);
    }
}
