using System.Net;
using System.Net.Http.Headers;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests;

public sealed class CollectorAuthenticationTests
{
    [Test]
    public async Task ARequestWithoutAKeyIsRefusedWith401AndABearerChallenge()
    {
        await using var collector = await CollectorTestHost.StartAsync();

        using var response = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(1), key: null));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await JsonAssert.ReadAsync(response)).GetProperty("status").GetInt32(), Is.EqualTo(401));
        Assert.That(collector.CountStored(), Is.Zero);
    }

    [TestCase("X-Api-Key", CollectorTestHost.MobileKey, "mobile")]
    [TestCase("Authorization", "Bearer " + CollectorTestHost.WebKey, "web")]
    [TestCase("Authorization", "bearer " + CollectorTestHost.WebKey, "web")]
    public async Task AKeyInEitherHeaderIsAcceptedAndItsNameIsRecorded(string header, string value, string keyName)
    {
        await using var collector = await CollectorTestHost.StartAsync();
        using var request = Bodies.Native(Bodies.Batch(1), key: null);
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await collector.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await collector.StoredAsync()).Single().Context["collector_key"], Is.EqualTo(keyName));
    }

    [TestCase("X-Api-Key", "wrong")]
    [TestCase("X-Api-Key", CollectorTestHost.MobileKey + "x")]
    [TestCase("Authorization", "Bearer wrong")]
    [TestCase("Authorization", "Basic " + CollectorTestHost.MobileKey)]
    [TestCase("Authorization", CollectorTestHost.MobileKey)]
    public async Task AWrongKeyOrSchemeIsRefused(string header, string value)
    {
        await using var collector = await CollectorTestHost.StartAsync();
        using var request = Bodies.Native(Bodies.Batch(1), key: null);
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await collector.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task AnAuthorizationHeaderOfAnotherSchemeIsNotAKeyAndDoesNotSpoilAValidOne()
    {
        await using var collector = await CollectorTestHost.StartAsync();
        using var request = Bodies.Native(Bodies.Batch(1));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz");

        using var response = await collector.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task EveryKeyARequestPresentsMustBeValid()
    {
        await using var collector = await CollectorTestHost.StartAsync();
        using var request = Bodies.Native(Bodies.Batch(1), key: "wrong");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CollectorTestHost.MobileKey);

        using var response = await collector.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task WithAnonymousIngestionARequestWithoutAKeyIsStoredWithoutAKeyNameButAWrongKeyIsStillRefused()
    {
        await using var collector = await CollectorTestHost.StartAsync(h => h.Collector(o => o.AllowAnonymous = true));

        using var anonymous = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(1), key: null));
        using var wrong = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(1), key: "wrong"));

        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var context = (await collector.StoredAsync()).Single().Context;
        Assert.That(context["collector_key"], Is.Null);
    }

    [Test]
    public async Task KeysNeverReachTheLogsNotEvenWrongOnes()
    {
        await using var collector = await CollectorTestHost.StartAsync(h => h.WithBusyTimeout(TimeSpan.FromMilliseconds(50)));
        using (await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(1))))
        using (await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(1), key: "wrong-key-in-the-log?")))
        using (await collector.Client.SendAsync(Bodies.Native("[{]")))
        using (SqliteLock.Hold(collector.Store.Path))
        using (var failed = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(1), key: CollectorTestHost.WebKey)))
        {
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        }

        var logs = string.Join("\n", collector.Logs.Lines);
        Assert.Multiple(() =>
        {
            Assert.That(logs, Does.Contain("collector"), "the collector logged");
            Assert.That(logs, Does.Not.Contain(CollectorTestHost.MobileKey));
            Assert.That(logs, Does.Not.Contain(CollectorTestHost.WebKey));
            Assert.That(logs, Does.Not.Contain("wrong-key-in-the-log?"));
        });
    }
}
