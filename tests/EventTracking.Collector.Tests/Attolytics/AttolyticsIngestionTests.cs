using EventTracking.Collector.Tests.Support;
using static EventTracking.Collector.Tests.Attolytics.AttolyticsSchemas;
using static EventTracking.Collector.Tests.Attolytics.Requests;

namespace EventTracking.Collector.Tests.Attolytics;

/// <summary>Successful requests: what is answered, and what the stores hold afterwards.</summary>
public sealed class AttolyticsIngestionTests
{
    private CollectorTestHost _server = null!;

    [OneTimeSetUp]
    public async Task Start() => _server = await CollectorTestHost.StartAsync(h => h.AttolyticsWithSwitch());

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    [Test]
    public async Task ABatchIsAnsweredWith200AndAnEmptyBodyOnceStored()
    {
        var marker = Marker();
        var request = Post(Body(
            Event(marker, ""","time":1554130180.25,"score":42""") + "," + Event(marker, ""","time":"2019-04-01T17:29:40.5+02:00","event_type":"game_end" """)));
        request.Headers.Referrer = new Uri("http://example.com/game");

        var answer = await _server.Client.ExchangeAsync(request);

        Assert.That(answer.Status, Is.EqualTo(200));
        Assert.That(answer.Body, Is.Empty);
        Assert.That(answer.Header("Content-Length"), Is.EqualTo("0"));
        var stored = (await _server.StoredWithMarkerAsync(marker)).OrderBy(e => e.Data["event_type"]).ToArray();
        Assert.That(stored.Select(e => e.Name), Is.EqualTo(new[] { "events", "events" }));
        Assert.That(stored[0].Data, Is.EqualTo(new Dictionary<string, object?>
        {
            ["time"] = "2019-04-01T14:49:40.250000+00:00",
            ["referer"] = "http://example.com/game",
            ["platform"] = "web",
            ["version"] = "1.2",
            ["user_id"] = marker,
            ["event_type"] = "click",
            ["score"] = 42L,
        }));
        Assert.That(stored[1].Data["time"], Is.EqualTo("2019-04-01T15:29:40.500000+00:00"), "RFC 3339 with an offset, stored in UTC");
        Assert.That(stored[1].Data["event_type"], Is.EqualTo("game_end"));
        Assert.That(stored[1].Data["score"], Is.Null, "a missing column is kept as null");
    }

    [Test]
    public async Task AHundredEventBatchIsReadBackInTheOrderItWasSent()
    {
        // The events of one request share the receive time as their timestamp, so the id alone must order them.
        var marker = Marker();
        var events = string.Join(",", Enumerable.Range(0, 100).Select(i => Event(marker, $",\"score\":{i}")));

        var answer = await _server.Client.ExchangeAsync(Post(Body(events)));

        Assert.That(answer.Status, Is.EqualTo(200));
        var stored = await _server.StoredWithMarkerAsync(marker);
        Assert.That(stored.Select(e => e.Data["score"]), Is.EqualTo(Enumerable.Range(0, 100).Select(i => (object)(long)i)));
    }

    [Test]
    public async Task EachEventCarriesTheAppAndTheCollectorsFieldsAndTheReceiveTime()
    {
        var marker = Marker();

        var answer = await _server.Client.ExchangeAsync(Post(Body(Event(marker))));

        Assert.That(answer.Status, Is.EqualTo(200));
        var stored = (await _server.StoredWithMarkerAsync(marker)).Single();
        Assert.That(stored.Context, Is.EqualTo(new Dictionary<string, object?>
        {
            ["attolytics_app"] = MyApp,
            ["received_at"] = "2026-11-23T12:00:00.123456+00:00",
            ["client_ip"] = "127.0.0.1",
            ["collector_key"] = MyApp,
            ["collector_surface"] = "attolytics",
        }));
        Assert.That(stored.Timestamp, Is.EqualTo(AttolyticsSetup.Now), "the event's timestamp is the receive time");
    }

    [Test]
    public async Task EveryTypeIsConvertedAndNullsAreKept()
    {
        var marker = Marker();
        var metrics = $$"""
            {"_t":"metrics","at":0,"ok":true,"attempt":-2147483648,"count":9223372036854775807,"ratio":0.5,"value":1e300,"run":"{{marker}}"},
            {"_t":"metrics","at":"1970-01-01t00:00:01Z","attempt":2147483647,"ok":"yes","count":1.5,"ratio":1e39,"value":"1","run":"{{marker}}","agent":"forged"}
            """;
        var request = Post(Body(metrics, AnywhereKey), app: Anywhere);
        request.Headers.UserAgent.ParseAdd("MyGame/1.0");

        var answer = await _server.Client.ExchangeAsync(request);

        Assert.That(answer.Status, Is.EqualTo(200), answer.Body);
        var stored = (await _server.StoredWithMarkerAsync(marker)).OrderBy(e => e.Data["at"]).ToArray();
        Assert.That(stored[0].Data, Is.EqualTo(new Dictionary<string, object?>
        {
            ["at"] = "1970-01-01T00:00:00.000000+00:00",
            ["ok"] = true,
            ["attempt"] = -2147483648L,
            ["count"] = long.MaxValue,
            ["ratio"] = 0.5,
            ["value"] = 1e300,
            ["agent"] = "MyGame/1.0",
            ["run"] = marker,
        }));
        Assert.That(stored[1].Data, Is.EqualTo(new Dictionary<string, object?>
        {
            ["at"] = "1970-01-01T00:00:01.000000+00:00",
            ["ok"] = null,
            ["attempt"] = 2147483647L,
            ["count"] = null,
            ["ratio"] = null,
            ["value"] = null,
            ["agent"] = "MyGame/1.0",
            ["run"] = marker,
        }), "wrong types become null; a header column ignores the body");
    }

    [Test]
    public async Task KeysThatAreNotColumnsAreIgnoredAndTheTableKeyIsNotStored()
    {
        var marker = Marker();

        var answer = await _server.Client.ExchangeAsync(Post(Body(Event(marker, ""","level":3,"collector_surface":"forged","attolytics_app":"x" """))));

        Assert.That(answer.Status, Is.EqualTo(200));
        var stored = (await _server.StoredWithMarkerAsync(marker)).Single();
        Assert.That(stored.Data.Keys, Is.EqualTo(new[] { "time", "referer", "platform", "version", "user_id", "event_type", "score" }));
        Assert.That(stored.Context["collector_surface"], Is.EqualTo("attolytics"));
        Assert.That(stored.Context["attolytics_app"], Is.EqualTo(MyApp));
    }

    [Test]
    public async Task WrongTypesInOptionalColumnsBecomeNull()
    {
        var marker = Marker();

        var answer = await _server.Client.ExchangeAsync(Post(Body(Event(marker, ""","time":true,"score":2147483648"""))));

        Assert.That(answer.Status, Is.EqualTo(200));
        var stored = (await _server.StoredWithMarkerAsync(marker)).Single();
        Assert.That(stored.Data["time"], Is.Null);
        Assert.That(stored.Data["score"], Is.Null, "i32 out of range");
        Assert.That(stored.Data["referer"], Is.Null, "no Referer header");
    }

    [Test]
    public async Task StringsAreTakenOnlyFromJsonStrings()
    {
        var marker = Marker();

        var answer = await _server.Client.ExchangeAsync(Post(Body(
            $$"""{"_t":"events","platform":"web","version":"1","event_type":"e","user_id":"{{marker}}","referer":"ignored"}""" + ","
            + """{"_t":"events","platform":"web","version":"1","event_type":"e","user_id":42}""")));

        Assert.That(answer.Status, Is.EqualTo(200));
        Assert.That(await _server.StoredWithMarkerAsync(marker), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task AnEmptyBatchIs200AndStoresNothing()
    {
        var before = (await _server.StoredAsync()).Count;

        var answer = await _server.Client.ExchangeAsync(Post(Body("")));

        Assert.That(answer.Status, Is.EqualTo(200));
        Assert.That(answer.Body, Is.Empty);
        Assert.That(await _server.StoredAsync(), Has.Count.EqualTo(before));
    }

    [TestCase("application/json; charset=utf-8")]
    [TestCase("Application/JSON")]
    public async Task ContentTypeParametersAndCaseAreAccepted(string contentType)
    {
        var marker = Marker();

        var answer = await _server.Client.ExchangeAsync(Post(Body(Event(marker)), contentType));

        Assert.That(answer.Status, Is.EqualTo(200));
        Assert.That(await _server.StoredWithMarkerAsync(marker), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ExtraTopLevelKeysAreIgnored()
    {
        var marker = Marker();

        var answer = await _server.Client.ExchangeAsync(Post($$"""{"v":2,"secret_key":"{{MyAppKey}}","events":[{{Event(marker)}}],"sent_at":1}"""));

        Assert.That(answer.Status, Is.EqualTo(200));
        Assert.That(await _server.StoredWithMarkerAsync(marker), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ABodyOfExactly32KiBIsAccepted()
    {
        var marker = Marker();
        var body = Body(Event(marker));
        body = body[..^1] + new string(' ', (32 * 1024) - body.Length) + "}";

        var answer = await _server.Client.ExchangeAsync(Post(body));

        Assert.That(answer.Status, Is.EqualTo(200));
        Assert.That(await _server.StoredWithMarkerAsync(marker), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ARetryAfterA503StoresEachEventOnce()
    {
        var marker = Marker();
        var body = Body(Event(marker, ""","time":1""") + "," + Event(marker, ""","time":2"""));
        _server.Switch.Down = true;
        Answer failed;
        try
        {
            failed = await _server.Client.ExchangeAsync(Post(body));
        }
        finally
        {
            _server.Switch.Down = false;
        }

        var retried = await _server.Client.ExchangeAsync(Post(body));

        Assert.That(failed.Status, Is.EqualTo(503));
        Assert.That(failed.Header("Retry-After"), Is.EqualTo("5"));
        Assert.That(retried.Status, Is.EqualTo(200));
        Assert.That(await _server.StoredWithMarkerAsync(marker), Has.Count.EqualTo(2), "SQLite took the first attempt; the retry's ids are the same");
    }

    [Test]
    public async Task TheSameEventsSentAgainAreStoredOnceButATimestampTellsThemApart()
    {
        var marker = Marker();

        await _server.Client.ExchangeAsync(Post(Body(Event(marker, ""","time":10"""))));
        await _server.Client.ExchangeAsync(Post(Body(Event(marker, ""","time":10"""))));
        await _server.Client.ExchangeAsync(Post(Body(Event(marker, ""","time":11"""))));

        Assert.That(await _server.StoredWithMarkerAsync(marker), Has.Count.EqualTo(2));
    }
}
