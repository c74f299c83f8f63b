using System.Net;
using System.Text;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests;

/// <summary>
/// The Pycolytics surface as the pycolytics-godot addon uses it (mapped under <c>/game/</c>, so the addon's
/// <c>server_url + "v1.0/events"</c> concatenation works), with the original server's answers.
/// </summary>
public sealed class PycolyticsTests
{
    private const string Events = "/game/v1.0/events";
    private const string Event = "/game/v1.0/event";

    [Test]
    public async Task ABatchAsTheGodotAddonSendsItWithoutContentTypeIsStoredAndAnswered204()
    {
        await using var collector = await CollectorTestHost.StartAsync();
        var body = Bodies.PycoBatch(Bodies.Pyco("startup"), Bodies.Pyco("level_complete", value: """{"level":3,"time":12.5,"items":["a","b"]}""", version: ""));

        var response = await RawHttp.GodotPostAsync(collector.BaseAddress, Events, body);

        Assert.That(response.Status, Is.EqualTo(204));
        Assert.That(response.Body, Is.Empty);
        Assert.That(response.Headers.ContainsKey("content-type"), Is.False);
        var stored = await collector.StoredAsync();
        Assert.That(stored.Select(e => e.Name), Is.EquivalentTo(new[] { "startup", "level_complete" }));
        var level = stored.Single(e => e.Name == "level_complete");
        Assert.Multiple(() =>
        {
            Assert.That(level.Data["level"], Is.EqualTo(3L));
            Assert.That(level.Data["time"], Is.EqualTo(12.5));
            Assert.That(level.Context["application"], Is.EqualTo("My Game"));
            Assert.That(level.Context["version"], Is.EqualTo(string.Empty));
            Assert.That(level.Context["platform"], Is.EqualTo("Linux"));
            Assert.That(level.Context["user_id"], Is.EqualTo("a1b2c3d4"));
            Assert.That(level.Context["session_id"], Is.EqualTo("5e6f7a8b9c0d"));
            Assert.That(level.Context["collector_surface"], Is.EqualTo("pycolytics"));
            Assert.That(level.Context["collector_key"], Is.EqualTo("mobile"));
            Assert.That(level.Context["client_ip"], Is.EqualTo("127.0.0.1"));
            Assert.That(level.Context.ContainsKey("api_key"), Is.False);
            Assert.That(level.Data.ContainsKey("api_key"), Is.False);
            Assert.That(stored.Single(e => e.Name == "startup").Data, Is.Empty);
        });
    }

    [Test]
    public async Task OneEventAsTheReadmesCurlSendsItIsStored()
    {
        await using var collector = await CollectorTestHost.StartAsync();
        using var content = new StringContent(Bodies.Pyco("string", value: """{"event_description":"Life, the universe and everything.","event_data":42}"""), Encoding.UTF8, "application/json");

        using var response = await collector.Client.PostAsync(Event, content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await collector.StoredAsync()).Single().Data["event_data"], Is.EqualTo(42L));
    }

    [Test]
    public async Task AnEmptyBatchSucceedsAndStoresNothing()
    {
        await using var collector = await CollectorTestHost.StartAsync();

        var response = await RawHttp.GodotPostAsync(collector.BaseAddress, Events, "[]");

        Assert.That(response.Status, Is.EqualTo(204));
        Assert.That(collector.CountStored(), Is.Zero);
    }

    [Test]
    public async Task OneBadKeyAnywhereIsA401ThatWinsOverSchemaErrorsInOtherElements()
    {
        await using var collector = await CollectorTestHost.StartAsync();
        var missingField = Bodies.Pyco().Replace("\"session_id\":\"5e6f7a8b9c0d\",", string.Empty, StringComparison.Ordinal);
        var body = Bodies.PycoBatch(missingField, Bodies.Pyco(), Bodies.Pyco(apiKey: "I-am-an-unsecure-dev-key-REPLACE_ME"));

        var response = await RawHttp.GodotPostAsync(collector.BaseAddress, Events, body);

        Assert.That(response.Status, Is.EqualTo(401));
        Assert.That(response.Body, Is.EqualTo("""{"detail":"Invalid or missing API Key"}"""));
        Assert.That(response.Headers["content-type"], Is.EqualTo("application/json"));
        Assert.That(collector.CountStored(), Is.Zero);
    }

    [Test]
    public async Task AMissingApiKeyIsRejectedUnlessExplicitlyAllowed()
    {
        var withoutKey = Bodies.PycoBatch(Bodies.Pyco().Replace($",\"api_key\":\"{CollectorTestHost.MobileKey}\"", string.Empty, StringComparison.Ordinal));
        await using (var strict = await CollectorTestHost.StartAsync())
        {
            var refused = await RawHttp.GodotPostAsync(strict.BaseAddress, Events, withoutKey);

            Assert.That(refused.Status, Is.EqualTo(401));
            Assert.That(refused.Body, Is.EqualTo("""{"detail":"Invalid or missing API Key"}"""));
        }

        await using var lenient = await CollectorTestHost.StartAsync(h => h.Collector(o => o.Pycolytics.AllowMissingApiKey = true));
        var accepted = await RawHttp.GodotPostAsync(lenient.BaseAddress, Events, withoutKey);
        var wrongKey = await RawHttp.GodotPostAsync(lenient.BaseAddress, Events, Bodies.PycoBatch(Bodies.Pyco(apiKey: "wrong")));

        Assert.That(accepted.Status, Is.EqualTo(204));
        Assert.That(wrongKey.Status, Is.EqualTo(401), "a key that is present must still be valid");
        Assert.That((await lenient.StoredAsync()).Single().Context["collector_key"], Is.Null);
    }

    [Test]
    public async Task AMissingFieldIsA422InFastApisShapeAndNothingOfTheBatchIsStored()
    {
        await using var collector = await CollectorTestHost.StartAsync();
        var missingField = Bodies.Pyco().Replace("\"session_id\":\"5e6f7a8b9c0d\",", string.Empty, StringComparison.Ordinal);

        var response = await RawHttp.GodotPostAsync(collector.BaseAddress, Events, Bodies.PycoBatch(Bodies.Pyco(), missingField));

        Assert.That(response.Status, Is.EqualTo(422));
        Assert.That(response.Headers["content-type"], Is.EqualTo("application/json"));
        Assert.That(response.Body, Is.EqualTo($$"""{"detail":[{"type":"missing","loc":["body",1,"session_id"],"msg":"Field required","input":{{missingField}}}]}"""));
        Assert.That(collector.CountStored(), Is.Zero);
    }

    [Test]
    public async Task ErrorsOfEveryElementAreReportedInTheModelsFieldOrder()
    {
        await using var collector = await CollectorTestHost.StartAsync();
        var first = """{"event_type":"e","version":1,"platform":"p","user_id":"u","session_id":"s","value":[],"api_key":"mobile-secret-0123456789"}""";
        var second = """{"event_type":true,"application":"a","version":"v","platform":"p","user_id":"u","session_id":"s","api_key":"mobile-secret-0123456789"}""";

        var response = await RawHttp.GodotPostAsync(collector.BaseAddress, Events, Bodies.PycoBatch(first, second, "7"));

        Assert.That(response.Status, Is.EqualTo(422));
        Assert.That(response.Body, Is.EqualTo(
            $$"""{"detail":[""" +
            $$"""{"type":"missing","loc":["body",0,"application"],"msg":"Field required","input":{{first}}},""" +
            """{"type":"string_type","loc":["body",0,"version"],"msg":"Input should be a valid string","input":1},""" +
            """{"type":"dict_type","loc":["body",0,"value"],"msg":"Input should be a valid dictionary","input":[]},""" +
            """{"type":"string_type","loc":["body",1,"event_type"],"msg":"Input should be a valid string","input":true},""" +
            """{"type":"model_attributes_type","loc":["body",2],"msg":"Input should be a valid dictionary or object to extract fields from","input":7}""" +
            "]}"));
    }

    [Test]
    public async Task ANonStringApiKeyIsASchemaErrorNotA401()
    {
        await using var collector = await CollectorTestHost.StartAsync();
        var numericKey = Bodies.Pyco().Replace($"\"api_key\":\"{CollectorTestHost.MobileKey}\"", "\"api_key\":12", StringComparison.Ordinal);

        var response = await RawHttp.GodotPostAsync(collector.BaseAddress, Event, numericKey);

        Assert.That(response.Status, Is.EqualTo(422));
        Assert.That(response.Body, Is.EqualTo("""{"detail":[{"type":"string_type","loc":["body","api_key"],"msg":"Input should be a valid string","input":12}]}"""));
    }

    [Test]
    public async Task ABodyThatIsNotAListIsA422ListType()
    {
        await using var collector = await CollectorTestHost.StartAsync();
        var single = Bodies.Pyco();

        var response = await RawHttp.GodotPostAsync(collector.BaseAddress, Events, single);

        Assert.That(response.Status, Is.EqualTo(422));
        Assert.That(response.Body, Is.EqualTo($$"""{"detail":[{"type":"list_type","loc":["body"],"msg":"Input should be a valid list","input":{{single}}}]}"""));
    }

    [Test]
    public async Task TheSingleEventRouteRefusesAnArrayWithModelAttributesType()
    {
        await using var collector = await CollectorTestHost.StartAsync();

        var response = await RawHttp.GodotPostAsync(collector.BaseAddress, Event, "[]");

        Assert.That(response.Status, Is.EqualTo(422));
        Assert.That(response.Body, Is.EqualTo("""{"detail":[{"type":"model_attributes_type","loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","input":[]}]}"""));
    }

    [Test]
    public async Task MalformedJsonLikeThe2025GodotBugIsA422JsonInvalidAtItsPosition()
    {
        await using var collector = await CollectorTestHost.StartAsync();

        var response = await RawHttp.GodotPostAsync(collector.BaseAddress, Events, "[,,," + Bodies.Pyco() + "]");

        Assert.That(response.Status, Is.EqualTo(422));
        Assert.That(response.Body, Does.StartWith("""{"detail":[{"type":"json_invalid","loc":["body",1],"msg":"JSON decode error","input":{},"ctx":{"error":"""));
    }

    [Test]
    public async Task AnEmptyBodyIsA422MissingBody()
    {
        await using var collector = await CollectorTestHost.StartAsync();

        var response = await RawHttp.GodotPostAsync(collector.BaseAddress, Events, string.Empty);

        Assert.That(response.Status, Is.EqualTo(422));
        Assert.That(response.Body, Is.EqualTo("""{"detail":[{"type":"missing","loc":["body"],"msg":"Field required","input":null}]}"""));
    }

    [Test]
    public async Task AnotherContentTypeIsValidatedAsTextAndFailsWith422()
    {
        await using var collector = await CollectorTestHost.StartAsync();
        var body = Bodies.PycoBatch(Bodies.Pyco());

        using var text = await collector.Client.PostAsync(Events, new StringContent(body, Encoding.UTF8, "text/plain"));
        using var form = await collector.Client.PostAsync(Event, new StringContent("{", Encoding.UTF8, "application/x-www-form-urlencoded"));
        using var vendorJson = await collector.Client.PostAsync(Events, new StringContent(body, Encoding.UTF8, "application/vnd.game+json"));

        Assert.That(text.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(await text.Content.ReadAsStringAsync(), Is.EqualTo($$"""{"detail":[{"type":"list_type","loc":["body"],"msg":"Input should be a valid list","input":{{System.Text.Json.JsonSerializer.Serialize(body, new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })}}}]}"""));
        Assert.That(await form.Content.ReadAsStringAsync(), Is.EqualTo("""{"detail":[{"type":"model_attributes_type","loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","input":"{"}]}"""));
        Assert.That(vendorJson.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }

    [Test]
    public async Task BytesThatAreNotUtf8AreA400AsInFastApi()
    {
        await using var collector = await CollectorTestHost.StartAsync();
        var head = $"POST {Events} HTTP/1.1\r\nHost: {collector.BaseAddress.Host}:{collector.BaseAddress.Port}\r\nContent-Length: 4\r\n\r\n";

        var response = await RawHttp.SendAsync(collector.BaseAddress, [.. Encoding.ASCII.GetBytes(head), (byte)'[', 0xFF, 0xFE, (byte)']']);

        Assert.That(response.Status, Is.EqualTo(400));
        Assert.That(response.Body, Is.EqualTo("""{"detail":"There was an error parsing the body"}"""));
    }

    [Test]
    public async Task TheRateLimitAnswers429InSlowapisShapeWithRetryAfter()
    {
        await using var collector = await CollectorTestHost.StartAsync(h => h.Collector(o => o.RateLimit.EventsPerClient = 500));
        var batch = Bodies.PycoBatch([.. Enumerable.Repeat(Bodies.Pyco(), 300)]);

        var first = await RawHttp.GodotPostAsync(collector.BaseAddress, Events, batch);
        var second = await RawHttp.GodotPostAsync(collector.BaseAddress, Events, batch);
        var invalid = await RawHttp.GodotPostAsync(collector.BaseAddress, Events, "[1]");

        Assert.That(first.Status, Is.EqualTo(204));
        Assert.That(second.Status, Is.EqualTo(429));
        Assert.That(second.Body, Is.EqualTo("""{"error":"Rate limit exceeded: 500 per 1 minute"}"""));
        Assert.That(int.Parse(second.Headers["retry-after"], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(1));
        Assert.That(invalid.Status, Is.EqualTo(422), "validation comes before the rate limit");
        Assert.That(collector.CountStored(), Is.EqualTo(300));
    }

    [Test]
    public async Task AStoreThatIsDownAnswers503WithRetryAfterAndStoresNothing()
    {
        await using var collector = await CollectorTestHost.StartAsync(h => h.WithBusyTimeout(TimeSpan.FromMilliseconds(100)));
        Assert.That((await RawHttp.GodotPostAsync(collector.BaseAddress, Events, Bodies.PycoBatch(Bodies.Pyco()))).Status, Is.EqualTo(204));

        RawResponse response;
        using (SqliteLock.Hold(collector.Store.Path))
        {
            response = await RawHttp.GodotPostAsync(collector.BaseAddress, Events, Bodies.PycoBatch(Bodies.Pyco(), Bodies.Pyco()));
        }

        Assert.That(response.Status, Is.EqualTo(503));
        Assert.That(response.Headers["retry-after"], Is.EqualTo("5"));
        Assert.That(response.Body, Does.StartWith("""{"detail":"""));
        Assert.That(collector.CountStored(), Is.EqualTo(1));
    }

    [Test]
    public async Task TheHardLimitsHoldOnThisSurfaceToo()
    {
        await using var collector = await CollectorTestHost.StartAsync();
        var tooMany = Bodies.PycoBatch([.. Enumerable.Repeat(Bodies.Pyco(), 501)]);
        var longName = Bodies.Pyco(new string('e', 257));
        var deep = Bodies.Pyco(value: string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40));
        var huge = Bodies.Pyco(value: $$"""{"pad":"{{new string('x', 1024 * 1024)}}"}""");
        var large = Bodies.Pyco(value: $$"""{"pad":"{{new string('x', 40_000)}}"}""");

        var count = await RawHttp.GodotPostAsync(collector.BaseAddress, Events, tooMany);
        var name = await RawHttp.GodotPostAsync(collector.BaseAddress, Events, Bodies.PycoBatch(longName));
        var depth = await RawHttp.GodotPostAsync(collector.BaseAddress, Events, Bodies.PycoBatch(deep));
        var body = await RawHttp.GodotPostAsync(collector.BaseAddress, Events, Bodies.PycoBatch(huge));
        var size = await RawHttp.GodotPostAsync(collector.BaseAddress, Events, Bodies.PycoBatch(Bodies.Pyco(), large));

        Assert.Multiple(() =>
        {
            Assert.That(count.Status, Is.EqualTo(422));
            Assert.That(count.Body, Does.StartWith("""{"detail":[{"type":"too_long","loc":["body"],"msg":"List should have at most 500 items after validation, not 501","input":["""));
            Assert.That(count.Body, Does.EndWith("""],"ctx":{"field_type":"List","max_length":500,"actual_length":501}}]}"""));
            Assert.That(name.Status, Is.EqualTo(422));
            Assert.That(name.Body, Is.EqualTo($$$"""{"detail":[{"type":"string_too_long","loc":["body",0,"event_type"],"msg":"String should have at most 256 characters","input":"{{{new string('e', 257)}}}","ctx":{"max_length":256}}]}"""));
            Assert.That(depth.Status, Is.EqualTo(422));
            Assert.That(depth.Body, Does.Contain("\"type\":\"json_invalid\"").And.Contain("deeper than 32 levels"));
            Assert.That(body.Status, Is.EqualTo(413));
            Assert.That(body.Body, Does.StartWith("""{"detail":"""));
            Assert.That(size.Status, Is.EqualTo(422));
            Assert.That(size.Body, Does.StartWith("""{"detail":[{"type":"value_error","loc":["body",1],"msg":"Value error, the event is """));
            Assert.That(collector.CountStored(), Is.Zero);
        });
    }

    [Test]
    public async Task AValueWithANumberBeyondADoubleIsA422AndNothingIsStored()
    {
        // Stored, it would read back as the text "Infinity", not as the number the client sent.
        await using var collector = await CollectorTestHost.StartAsync();
        var body = Bodies.PycoBatch(Bodies.Pyco(), Bodies.Pyco("score", value: """{"score":1e400,"fine":123456789012345678901234567890}"""));

        var response = await RawHttp.GodotPostAsync(collector.BaseAddress, Events, body);

        Assert.That(response.Status, Is.EqualTo(422));
        Assert.That(response.Body, Does.StartWith("""{"detail":[{"type":"value_error","loc":["body",1,"value"],"msg":"Value error, the value is not valid: it holds the number 1e400, which is beyond the range of a double" """.TrimEnd()));
        Assert.That(collector.CountStored(), Is.Zero);
    }

    [Test]
    public async Task APycolyticsLimitOfTwoPerMinuteRefusesTheThirdEventAndLeavesTheNativeRouteAlone()
    {
        await using var collector = await CollectorTestHost.StartAsync(h => h.Collector(o => o.SurfaceRateLimits[CollectorSurface.Pycolytics] =
            new CollectorRateLimitOptions { EventsPerClient = 2, Window = TimeSpan.FromMinutes(1) }));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var content = new StringContent(Bodies.Pyco(), Encoding.UTF8, "application/json");
            using var response = await collector.Client.PostAsync(Event, content);
            statuses.Add(response.StatusCode);
        }

        using var native = await collector.Client.SendAsync(Bodies.Native(Bodies.Batch(5)));

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.TooManyRequests }));
        Assert.That(native.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(collector.CountStored(), Is.EqualTo(7));
    }

    [Test]
    public async Task ASurfaceRateLimitForAnUnknownSurfaceStopsTheStart()
    {
        var failure = Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () =>
        {
            await using var collector = await CollectorTestHost.StartAsync(h => h.Collector(o => o.SurfaceRateLimits["Pycolitics"] = new CollectorRateLimitOptions { EventsPerClient = 2 }));
        });

        Assert.That(failure!.Message, Does.Contain("Collector:SurfaceRateLimits:Pycolitics names no surface"));
    }
}
