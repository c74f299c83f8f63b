using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EventTracking.Collector.Tests.Support;
using static EventTracking.Collector.Tests.Attolytics.AttolyticsSchemas;
using static EventTracking.Collector.Tests.Attolytics.Requests;

namespace EventTracking.Collector.Tests.Attolytics;

/// <summary>Every refusal, in Attolytics' check order, and that a refused request stores nothing.</summary>
public sealed class AttolyticsRefusalTests
{
    private CollectorTestHost _server = null!;
    private int _stored;

    [OneTimeSetUp]
    public async Task Start() => _server = await CollectorTestHost.StartAsync(h => h.AttolyticsWithSwitch());

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    [SetUp]
    public async Task Count() => _stored = (await _server.StoredAsync()).Count;

    [TearDown]
    public async Task NothingWasStored() => Assert.That(await _server.StoredAsync(), Has.Count.EqualTo(_stored), "a refused request stores nothing");

    // 1. Content-Type
    [TestCase(null)]
    [TestCase("text/plain")]
    [TestCase("application/x-www-form-urlencoded")]
    [TestCase("application/vnd.api+json")]
    public async Task AContentTypeOtherThanJsonFindsNoRoute(string? contentType)
    {
        var answer = await _server.Client.ExchangeAsync(Post("{not even json", contentType, app: "no.such.app"));

        Assert.That(answer.Status, Is.EqualTo(404));
    }

    [TestCase("GET")]
    [TestCase("PUT")]
    [TestCase("DELETE")]
    [TestCase("HEAD")]
    [TestCase("PATCH")]
    public async Task OtherMethodsFindNoRoute(string method)
    {
        var answer = await _server.Client.ExchangeAsync(new HttpRequestMessage(new HttpMethod(method), $"/apps/{MyApp}/events"));

        Assert.That(answer.Status, Is.EqualTo(404));
    }

    // 2. Body
    [Test]
    public async Task ABodyOver32KiBIs413FromItsContentLength()
    {
        var body = Body(Event("x"));
        body = body[..^1] + new string(' ', (32 * 1024) + 1 - body.Length) + "}";
        var server = _server.Client.BaseAddress!;
        var request = Encoding.UTF8.GetBytes(
            $"POST /apps/{MyApp}/events HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");

        var status = await RawHttp.SendAsync(server, request);

        Assert.That(status, Is.EqualTo(413));
    }

    [Test]
    public async Task AChunkedBodyOver32KiBIs413AsItStreamsIn()
    {
        var body = Encoding.UTF8.GetBytes(Body(Event("x", "," + new string(' ', 40_000) + "\"a\":1")));
        var server = _server.Client.BaseAddress!;

        var status = await RawHttp.SendAsync(server, RawHttp.ChunkedPost(server, $"/apps/{MyApp}/events", body, chunkSize: 4096));

        Assert.That(status, Is.EqualTo(413));
    }

    [Test]
    public async Task AChunkedBodyWithinTheLimitIsAccepted()
    {
        var marker = Marker();
        var server = _server.Client.BaseAddress!;

        var status = await RawHttp.SendAsync(server, RawHttp.ChunkedPost(server, $"/apps/{MyApp}/events", Encoding.UTF8.GetBytes(Body(Event(marker))), chunkSize: 10));

        Assert.That(status, Is.EqualTo(200));
        Assert.That(await _server.StoredWithMarkerAsync(marker), Has.Count.EqualTo(1));
        _stored++;
    }

    [TestCase("", TestName = "an empty body")]
    [TestCase("{", TestName = "a truncated object")]
    [TestCase("{\"secret_key\":\"k\",\"events\":[,]}", TestName = "an array with a hole")]
    [TestCase("{\"secret_key\":'k',\"events\":[]}", TestName = "single quotes")]
    [TestCase("{\"secret_key\":\"\\ud800\",\"events\":[]}", TestName = "a lone surrogate escape")]
    [TestCase("{\"secret_key\":\"k\",\"events\":[{\"\\udc00\":1}]}", TestName = "a lone surrogate in a key")]
    [TestCase("{\"secret_key\":\"k\",\"events\":[{\"score\":1e400}]}", TestName = "a number beyond double")]
    [TestCase("{\"secret_key\":\"k\",\"events\":[{\"ignored\":\"a\\udfffb\"}]}", TestName = "a lone surrogate in a value no column reads")]
    [TestCase("{\"sent_by\":{\"\\ud83d\":true},\"secret_key\":\"k\",\"events\":[]}", TestName = "a lone surrogate in a top-level key that is ignored")]
    [TestCase("{\"secret_key\":\"k\",\"events\":[],\"sent_at\":-1e400}", TestName = "a negative number beyond double in a top-level key that is ignored")]
    [TestCase("{\"secret_key\":\"k\",\"events\":[{\"ignored\":[[1E+309]]}]}", TestName = "a number beyond double nested in a value no column reads")]
    public async Task MalformedJsonIs400(string body)
    {
        var answer = await _server.Client.ExchangeAsync(Post(body, app: "no.such.app"));

        Assert.That(answer.Status, Is.EqualTo(400), answer.Body);
    }

    [TestCase("{\"secret_key\":\"k\",\"events\":[{\"score\":1e400}]}", "The body is not valid JSON: it holds the number 1e400, which is beyond the range of a double.")]
    [TestCase("{\"secret_key\":\"k\",\"events\":[{\"user_id\":\"\\ud800\"}]}", "The body is not valid JSON: it holds a \\u escape that is not valid UTF-16 (a lone surrogate).")]
    public async Task JsonEventValuesCannotHoldIs400SayingWhy(string body, string description)
    {
        var answer = await _server.Client.ExchangeAsync(Post(body, app: "no.such.app"));

        Assert.That(answer.Status, Is.EqualTo(400));
        Assert.That(JsonDocument.Parse(answer.Body).RootElement.GetProperty("error").GetProperty("description").GetString(), Is.EqualTo(description));
    }

    [Test]
    public async Task NumbersBeyondALongButWithinADoubleAreJson()
    {
        var marker = Marker();

        var answer = await _server.Client.ExchangeAsync(Post(Body(Event(marker, ",\"ignored\":123456789012345678901234567890,\"tiny\":1e-400,\"big\":-1.7e308"))));

        Assert.That(answer.Status, Is.EqualTo(200), answer.Body);
        Assert.That(await _server.StoredWithMarkerAsync(marker), Has.Count.EqualTo(1));
        _stored++;
    }

    [Test]
    public async Task JsonNestedDeeperThanSerdeAllowsIs400()
    {
        var answer = await _server.Client.ExchangeAsync(Post(Body(new string('[', 200) + new string(']', 200))));

        Assert.That(answer.Status, Is.EqualTo(400));
    }

    [TestCase("[]", TestName = "an array")]
    [TestCase("null", TestName = "null")]
    [TestCase("\"text\"", TestName = "a string")]
    [TestCase("{}", TestName = "an empty object")]
    [TestCase("{\"secret_key\":\"k\"}", TestName = "no events")]
    [TestCase("{\"events\":[]}", TestName = "no secret key")]
    [TestCase("{\"secret_key\":1,\"events\":[]}", TestName = "a number as the key")]
    [TestCase("{\"secret_key\":null,\"events\":[]}", TestName = "null as the key")]
    [TestCase("{\"secret_key\":\"k\",\"events\":{}}", TestName = "events not an array")]
    [TestCase("{\"secret_key\":\"k\",\"events\":null}", TestName = "events null")]
    [TestCase("{\"secret_key\":\"k\",\"secret_key\":\"k\",\"events\":[]}", TestName = "a duplicate key")]
    public async Task ValidJsonOfTheWrongShapeIs422(string body)
    {
        var answer = await _server.Client.ExchangeAsync(Post(body, app: "no.such.app"));

        Assert.That(answer.Status, Is.EqualTo(422), answer.Body);
    }

    // 3. App
    [Test]
    public async Task AnUnknownAppIs404BeforeTheKeyAndTheEventsAreLookedAt()
    {
        var answer = await _server.Client.ExchangeAsync(Post(Body("1,2", key: "wrong"), app: "com.example.other"));

        Assert.That(answer.Status, Is.EqualTo(404));
    }

    // 4. Origin
    [Test]
    public async Task AnOriginTheAppDoesNotAllowIs403EvenWithTheRightKey()
    {
        var answer = await _server.Client.ExchangeAsync(Post(Body(Event("x"))).WithOrigin("http://evil.example"));

        Assert.That(answer.Status, Is.EqualTo(403));
        Assert.That(answer.Header("Access-Control-Allow-Origin"), Is.Null);
    }

    [Test]
    public async Task TheOriginIsCheckedBeforeTheKey()
    {
        var answer = await _server.Client.ExchangeAsync(Post(Body("1", key: "wrong")).WithOrigin("http://evil.example"));

        Assert.That(answer.Status, Is.EqualTo(403));
        Assert.That(answer.Body, Does.Contain("Origin"));
    }

    // 5. Secret key
    [TestCase("wrong")]
    [TestCase("")]
    [TestCase("qD3eRda0709mD/3kGp4DlJtEQy5aMY0")]
    [TestCase("qD3eRda0709mD/3kGp4DlJtEQy5aMY0m ")]
    [TestCase(AnywhereKey)]
    public async Task AWrongSecretKeyIs403BeforeTheEventsAreLookedAt(string key)
    {
        var answer = await _server.Client.ExchangeAsync(Post(Body("1", key: key)));

        Assert.That(answer.Status, Is.EqualTo(403));
        Assert.That(answer.Body, Does.Contain("secret key"));
    }

    // 6. Tables
    [TestCase("1", TestName = "a number")]
    [TestCase("[]", TestName = "an array")]
    [TestCase("null", TestName = "null")]
    [TestCase("{\"platform\":\"web\"}", TestName = "no _t")]
    [TestCase("{\"_t\":1}", TestName = "_t a number")]
    [TestCase("{\"_t\":null}", TestName = "_t null")]
    [TestCase("{\"_t\":[\"events\"]}", TestName = "_t an array")]
    public async Task AnEventThatNamesNoTableIs400(string evt)
    {
        var answer = await _server.Client.ExchangeAsync(Post(Body(Event("x") + "," + evt)));

        Assert.That(answer.Status, Is.EqualTo(400));
        Assert.That(answer.Body, Does.Contain("Event 1"));
    }

    [TestCase("metrics", TestName = "a table of another app")]
    [TestCase("nope", TestName = "an undefined table")]
    [TestCase("Events", TestName = "a table name in another case")]
    public async Task AnEventForATableTheAppMayNotWriteIs404(string table)
    {
        var answer = await _server.Client.ExchangeAsync(Post(Body(Event("x") + $$""",{"_t":"{{table}}"}""")));

        Assert.That(answer.Status, Is.EqualTo(404));
    }

    [Test]
    public async Task TablesAreCheckedEventByEventInOrder()
    {
        var forbiddenFirst = await _server.Client.ExchangeAsync(Post(Body("""{"_t":"metrics"},{"no":"table"}""")));
        var nameless = await _server.Client.ExchangeAsync(Post(Body("""{"no":"table"},{"_t":"metrics"}""")));

        Assert.That(forbiddenFirst.Status, Is.EqualTo(404));
        Assert.That(nameless.Status, Is.EqualTo(400));
    }

    [Test]
    public async Task EveryTableIsCheckedBeforeAnyColumn()
    {
        var answer = await _server.Client.ExchangeAsync(Post(Body("""{"_t":"events"},{"_t":"metrics"}""")));

        Assert.That(answer.Status, Is.EqualTo(404), "the first event lacks required columns, but the second's table is checked first");
    }

    // 7. Columns
    private const string Valid = """{"_t":"events","platform":"web","version":"1","event_type":"e" """;

    [TestCase("""{"_t":"events","version":"1","event_type":"e"}""", "platform", TestName = "a required column missing")]
    [TestCase(Valid + ""","version":null}""", "version", TestName = "a required column null")]
    [TestCase(Valid + ""","event_type":7}""", "event_type", TestName = "a number in a required string column")]
    [TestCase(Valid + ""","time":"yesterday"}""", "time", TestName = "an unparseable timestamp in an optional column")]
    [TestCase(Valid + ""","time":"2019-04-01"}""", "time", TestName = "a date without a time")]
    [TestCase(Valid + ""","time":"2019-04-01T15:29:40"}""", "time", TestName = "a time without an offset")]
    [TestCase(Valid + ""","time":""}""", "time", TestName = "an empty timestamp string")]
    [TestCase(Valid + ""","time":1e15}""", "time", TestName = "Unix seconds beyond the year 9999")]
    public async Task AValueThatCannotBeStoredIs400(string evt, string column)
    {
        var answer = await _server.Client.ExchangeAsync(Post(Body(Event("x") + "," + evt)));

        Assert.That(answer.Status, Is.EqualTo(400));
        Assert.That(answer.Body, Does.Contain("Event 1").And.Contain($"'{column}'"));
    }

    [TestCase("\"attempt\":2147483648", "attempt", TestName = "i32 out of range in a required column")]
    [TestCase("\"attempt\":1.5", "attempt", TestName = "a fraction in a required i32 column")]
    [TestCase("\"attempt\":\"1\"", "attempt", TestName = "a string in a required i32 column")]
    [TestCase("\"at\":false", "at", TestName = "a bool in a required timestamp column")]
    public async Task RequiredColumnsOfEveryTypeRefuseWhatTheyCannotHold(string values, string column)
    {
        var request = Post(Body($$"""{"_t":"metrics","at":1,"attempt":1,{{values}}}""", AnywhereKey), app: Anywhere);
        request.Headers.UserAgent.ParseAdd("MyGame/1.0");

        var answer = await _server.Client.ExchangeAsync(request);

        Assert.That(answer.Status, Is.EqualTo(400));
        Assert.That(answer.Body, Does.Contain($"'{column}'"));
    }

    [Test]
    public async Task ARequiredHeaderColumnWithoutItsHeaderIs400()
    {
        var answer = await _server.Client.ExchangeAsync(Post(Body("""{"_t":"metrics","at":1,"attempt":1,"agent":"in the body"}""", AnywhereKey), app: Anywhere));

        Assert.That(answer.Status, Is.EqualTo(400));
        Assert.That(answer.Body, Does.Contain("User-Agent"));
    }

    [Test]
    public async Task OneBadEventRejectsTheWholeBatch()
    {
        var answer = await _server.Client.ExchangeAsync(Post(Body(Event("a") + "," + Event("b") + "," + Event("c", ",\"time\":\"never\""))));

        Assert.That(answer.Status, Is.EqualTo(400));
    }

    [Test]
    public async Task ARefusalHasAJsonBodyInTheShapeOfRocketsCatcher()
    {
        var answer = await _server.Client.ExchangeAsync(Post(Body("1", key: "wrong")));

        Assert.That(answer.Header("Content-Type"), Is.EqualTo("application/json"));
        using var json = JsonDocument.Parse(answer.Body);
        var error = json.RootElement.GetProperty("error");
        Assert.That(error.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "code", "reason", "description" }));
        Assert.That(error.GetProperty("code").GetInt32(), Is.EqualTo(403));
        Assert.That(error.GetProperty("reason").GetString(), Is.EqualTo("Forbidden"));
    }

    [Test]
    public async Task NoBodyHoweverMalformedIsAnsweredWith5xx()
    {
        var valid = Encoding.UTF8.GetBytes(Body(Event("x", ""","time":1.5,"score":3""")));
        var random = new Random(20261123);
        for (var i = 0; i < 150; i++)
        {
            var body = (byte[])valid.Clone();
            for (var j = random.Next(1, 4); j > 0; j--)
            {
                body[random.Next(body.Length)] = (byte)random.Next(256);
            }

            var content = new ByteArrayContent(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
            var answer = await _server.Client.ExchangeAsync(new HttpRequestMessage(HttpMethod.Post, $"/apps/{MyApp}/events") { Content = content });

            Assert.That(answer.Status, Is.LessThan(500), Encoding.UTF8.GetString(body));
        }

        _stored = (await _server.StoredAsync()).Count;
    }
}
