using System.Text.Json;
using EventTracking.Collector.Tests.Microticks.Support;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests.Microticks;

/// <summary><c>POST /events</c>: <c>token</c>, <c>action</c>, <c>data</c>, <c>ts</c>, then the session.</summary>
public sealed class MicroticksEventTests
{
    private const string Ts = "2017-08-25T17:09:20.438Z";

    private CollectorTestHost _host = null!;
    private JQueryMicroticksClient _client = null!;

    [OneTimeSetUp]
    public async Task StartHost() => _host = await CollectorTestHost.StartAsync(h => h.MicroticksWithReadKey().Collector(o => o.MaxNameLength = 20));

    [OneTimeTearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    [SetUp]
    public async Task SetUp()
    {
        await _host.ResetAsync();
        _client = _host.NewClient(await _host.CreateConsumerAsync("touch-table"));
        await _client.StartSessionAsync();
    }

    [Test]
    public async Task AnEventAnswersStatusThenItsNumber()
    {
        var (status, body, _) = await PostAsync(("action", "click"), ("data", "{}"), ("ts", Ts));

        Assert.That(status, Is.EqualTo(200));
        Assert.That(body, Is.EqualTo("""{"status":200,"event_id":1}"""));
    }

    [TestCase(new[] { "action", "data", "ts" }, "token")]
    [TestCase(new[] { "token", "data", "ts" }, "action")]
    [TestCase(new[] { "token", "action", "ts" }, "data")]
    [TestCase(new[] { "token", "action", "data" }, "ts")]
    [TestCase(new string[0], "token")]
    [TestCase(new[] { "token" }, "action")]
    [TestCase(new[] { "ts" }, "token")]
    public async Task TheFirstMissingFieldIsReported(string[] sent, string missing)
    {
        var all = new Dictionary<string, string> { ["token"] = _client.SessionToken!, ["action"] = "click", ["data"] = "{}", ["ts"] = Ts };

        var (status, body, _) = await Posts.FormAsync(_host.Client, "/events", [.. sent.Select(name => (name, all[name]))]);

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Is.EqualTo($$"""{"error":"No \"{{missing}}\" parameter provided","status":400}"""));
    }

    [Test]
    public async Task AnUnknownTokenFindsNoSession()
    {
        var (status, body, _) = await Posts.FormAsync(_host.Client, "/events", ("token", "0123456789abcdef0123456789abcdef"), ("action", "click"), ("data", "{}"), ("ts", Ts));

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Is.EqualTo("""{"description":"Could not find session","status":400}"""));
    }

    [Test]
    public async Task AStoppedSessionTakesNoMoreEvents()
    {
        var token = _client.SessionToken!;
        await _client.StopSessionAsync("idle");

        var (status, body, _) = await Posts.FormAsync(_host.Client, "/events", ("token", token), ("action", "click"), ("data", "{}"), ("ts", Ts));

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Is.EqualTo("""{"description":"Session was already stopped.","status":400}"""));
    }

    [TestCase("""{"target":"book-1","x":1.5}""", "object")]
    [TestCase("""[1,"two",null]""", "json")]
    [TestCase("42", "json")]
    [TestCase("\"just a string\"", "json")]
    [TestCase("null", "json")]
    [TestCase("book-1", "text")]
    [TestCase("", "text")]
    [TestCase("""{"n":1e400}""", "text")]
    [TestCase("""{"s":"\ud800"}""", "text")]
    public async Task DataIsStoredParsedWhenItParsesAndReadBackAsSent(string data, string format)
    {
        await PostAsync(("action", "click"), ("data", data), ("ts", Ts));

        var stored = (await _host.StoredAsync()).Last();
        Assert.That(stored.Context["data_format"], Is.EqualTo(format));
        if (format == "text")
        {
            Assert.That(stored.Data, Is.EqualTo(new Dictionary<string, object?> { ["value"] = data }));
        }

        var (_, events) = await Posts.GetAsync(_host.Client, $"/events?key={MicroticksSetup.ReadKey}");
        var readBack = JsonDocument.Parse(events).RootElement.GetProperty("events")[0].GetProperty("data");
        if (format == "text")
        {
            Assert.That(readBack.GetString(), Is.EqualTo(data));
        }
        else
        {
            Assert.That(JsonElement.DeepEquals(readBack, JsonDocument.Parse(data).RootElement), Is.True, readBack.GetRawText());
        }
    }

    [Test]
    public async Task ANonObjectValueIsWrappedSoDataStaysAnObject()
    {
        await PostAsync(("action", "zoom"), ("data", "[1,2]"), ("ts", Ts));

        Assert.That((await _host.StoredAsync()).Last().Data, Is.EqualTo(new Dictionary<string, object?> { ["value"] = new List<object?> { 1L, 2L } }));
    }

    [Test]
    public async Task TheTimestampIsTheParsedTsAndTheVerbatimTsIsKept()
    {
        await PostAsync(("action", "click"), ("data", "{}"), ("ts", "2017-08-25T19:09:20.438123+02:00"));
        await PostAsync(("action", "click"), ("data", "{}"), ("ts", "yesterday"));

        var stored = await _host.StoredAsync();
        var parsed = stored.Single(e => (string)e.Context["ts"]! == "2017-08-25T19:09:20.438123+02:00");
        Assert.That(parsed.Timestamp, Is.EqualTo(new DateTimeOffset(2017, 8, 25, 17, 9, 20, TimeSpan.Zero).AddTicks(4381230)));
        var unparsed = stored.Single(e => (string)e.Context["ts"]! == "yesterday");
        Assert.That(unparsed.Timestamp, Is.EqualTo(EventJson.ParseTimestamp((string)unparsed.Context["received_at"]!)));
    }

    [Test]
    public async Task TheSameRequestSentAgainIsStoredOnceWithTheSameNumber()
    {
        var first = await PostAsync(("action", "click"), ("data", """{"a":1}"""), ("ts", Ts));
        var again = await PostAsync(("action", "click"), ("data", """{"a":1}"""), ("ts", Ts));
        var other = await PostAsync(("action", "click"), ("data", """{"a":2}"""), ("ts", Ts));

        Assert.That(first.Body, Is.EqualTo("""{"status":200,"event_id":1}"""));
        Assert.That(again.Body, Is.EqualTo(first.Body));
        Assert.That(other.Body, Is.EqualTo("""{"status":200,"event_id":2}"""));
        Assert.That((await _host.StoredAsync()).Count(e => e.Name == "click"), Is.EqualTo(2));
    }

    [Test]
    public async Task ASentAgainEventWithAnUnparsableTsIsStillStoredOnce()
    {
        await PostAsync(("action", "click"), ("data", "{}"), ("ts", "now"));
        await PostAsync(("action", "click"), ("data", "{}"), ("ts", "now"));

        Assert.That((await _host.StoredAsync()).Count(e => e.Name == "click"), Is.EqualTo(1));
    }

    [Test]
    public async Task ActionsMayNotPassForTheSurfacesOwnEvents()
    {
        var (status, body, _) = await PostAsync(("action", "Microticks.session.start"), ("data", "{}"), ("ts", Ts));

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Is.EqualTo("""{"error":"Invalid \"action\": names starting with \"microticks.\" are reserved","status":400}"""));
        Assert.That((await _host.StoredAsync()).Count, Is.EqualTo(1), "only the real start");
    }

    [Test]
    public async Task AnActionLongerThanTheLimitIsRefused()
    {
        var (status, body, _) = await PostAsync(("action", new string('a', 21)), ("data", "{}"), ("ts", Ts));

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Is.EqualTo("""{"error":"Invalid \"action\": longer than 20 characters","status":400}"""));
    }

    [TestCase("2017-08-25T17:09:20.438Z\u001b[2J", TestName = "a ts with a terminal escape")]
    [TestCase("2017-08-25\nT17:09:20.438Z", TestName = "a ts with a line break")]
    [TestCase("2017-08-25T17:09:20.438Z\u202E", TestName = "a ts with a bidirectional override")]
    public async Task ATsThatCouldBreakALineIsRefusedAndNothingIsStored(string ts)
    {
        var (status, body, _) = await PostAsync(("action", "click"), ("data", "{}"), ("ts", ts));

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Is.EqualTo("""{"error":"Invalid \"ts\": holds a control or format character, a line break or an unpaired surrogate","status":400}"""));
        Assert.That((await _host.StoredAsync()).Count, Is.EqualTo(1), "only the start");
    }

    [Test]
    public async Task ATsOver64CharactersIsRefusedAndOneOf64IsKeptVerbatim()
    {
        var longest = "2017-08-25T17:09:20.438Z" + new string(' ', 39) + "!";

        var (tooLong, body, _) = await PostAsync(("action", "click"), ("data", "{}"), ("ts", longest + "!"));
        var (fits, _, _) = await PostAsync(("action", "click"), ("data", "{}"), ("ts", longest));

        Assert.That(tooLong, Is.EqualTo(400));
        Assert.That(body, Is.EqualTo("""{"error":"Invalid \"ts\": longer than 64 characters","status":400}"""));
        Assert.That(fits, Is.EqualTo(200));
        var stored = await _host.StoredAsync();
        Assert.That(stored, Has.Count.EqualTo(2));
        Assert.That(stored.Last().Context["ts"], Is.EqualTo(longest));
    }

    [Test]
    public async Task AnEmptyActionIsStoredAsTheOriginalDid()
    {
        var (status, _, _) = await PostAsync(("action", ""), ("data", "{}"), ("ts", Ts));

        Assert.That(status, Is.EqualTo(200));
        Assert.That((await _host.StoredAsync()).Last().Name, Is.EqualTo(""));
    }

    private async Task<(int Status, string Body, HttpResponseMessage Response)> PostAsync(params (string Name, string Value)[] fields) =>
        await Posts.FormAsync(_host.Client, "/events", [("token", _client.SessionToken!), .. fields]);
}
