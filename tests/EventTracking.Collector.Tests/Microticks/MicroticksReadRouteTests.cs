using System.Text.Json;
using EventTracking.Collector.Tests.Microticks.Support;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests.Microticks;

/// <summary><c>GET /events</c> and <c>GET /sessions</c>: the read key, the filters, and answers from the store.</summary>
public sealed class MicroticksReadRouteTests
{
    private const string Key = "key=" + MicroticksSetup.ReadKey;

    private CollectorTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartHost() => _host = await CollectorTestHost.StartAsync(h => h.MicroticksWithReadKey());

    [OneTimeTearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    [SetUp]
    public Task SetUp() => _host.ResetAsync();

    [TestCase("/events")]
    [TestCase("/sessions")]
    public async Task AMissingKeyIsHttp400WithStatus401InTheBody(string route)
    {
        var (status, body) = await Posts.GetAsync(_host.Client, route);

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Is.EqualTo("""{"description":"Please specify an API key using the \"key\" query string parameter.","status":401}"""));
    }

    [TestCase("/events?key=wrong")]
    [TestCase("/sessions?key=")]
    [TestCase("/events?key")]
    [TestCase("/sessions?key=READ-SECRET")]
    public async Task AWrongKeyIsHttp400WithStatus401InTheBody(string routeAndQuery)
    {
        var (status, body) = await Posts.GetAsync(_host.Client, routeAndQuery);

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Is.EqualTo("""{"description":"The key does not seem to be the right one.","status":401}"""));
    }

    [Test]
    public async Task WithoutAReadKeyTheReadRoutesAreClosed()
    {
        await using var closed = await CollectorTestHost.StartAsync(h => h.MicroticksWithReadKey(o => o.ReadKey = null));

        var (status, body) = await Posts.GetAsync(closed.Client, "/events?key=anything");

        Assert.That(status, Is.EqualTo(404));
        Assert.That(body, Is.EqualTo("""{"error":"Reading is not enabled on this server.","status":404}"""));
    }

    [Test]
    public async Task AnonymousReadsCanBeAllowedAsInTheOriginal()
    {
        await using var open = await CollectorTestHost.StartAsync(h => h.MicroticksWithReadKey(o => (o.ReadKey, o.AllowAnonymousReads) = (null, true)));

        var (status, body) = await Posts.GetAsync(open.Client, "/sessions");

        Assert.That(status, Is.EqualTo(200));
        Assert.That(body, Is.EqualTo("""{"count":0,"sessions":[],"status":200}"""));
    }

    [Test]
    public async Task BeforeAnythingIsStoredTheListsAreEmpty()
    {
        Assert.That((await Posts.GetAsync(_host.Client, "/events?" + Key)).Body, Is.EqualTo("""{"count":0,"events":[],"status":200}"""));
        Assert.That((await Posts.GetAsync(_host.Client, "/sessions?" + Key)).Body, Is.EqualTo("""{"count":0,"sessions":[],"status":200}"""));
    }

    [Test]
    public async Task SessionsWithoutClicksAreListedAndOpenSessionsHaveNoStop()
    {
        var client = _host.NewClient(await _host.CreateConsumerAsync("touch-table"));
        await client.StartSessionAsync();
        await client.TrackEventAsync("zoom", new { level = 2 });

        var (_, body) = await Posts.GetAsync(_host.Client, "/sessions?" + Key);

        Assert.That(body, Is.EqualTo(
            """{"count":1,"sessions":[{"clicks":0,"consumer_id":1,"id":1,"last_action":null,"started_at":"2017-08-25T17:09:19.438Z","stopped_at":null}],"status":200}"""));
    }

    [Test]
    public async Task DateConsumerAndIpFilterBySession()
    {
        var first = _host.NewClient(await _host.CreateConsumerAsync("lobby"));
        var second = _host.NewClient(await _host.CreateConsumerAsync("library"));
        second.Now = new DateTimeOffset(2017, 8, 26, 9, 0, 0, TimeSpan.Zero);
        await first.StartSessionAsync();
        await first.TrackEventAsync("click", 1);
        await second.StartSessionAsync();
        await second.TrackEventAsync("click", 2);
        await first.TrackEventAsync("click", 3);

        Assert.That(await DataAsync("/events?date=2017-08-26&" + Key), Is.EqualTo(new[] { "2" }));
        Assert.That(await DataAsync("/events?consumer=1&" + Key), Is.EqualTo(new[] { "1", "3" }));
        Assert.That(await DataAsync("/events?consumer=lobby&" + Key), Is.Empty, "consumer is an id");
        Assert.That(await DataAsync("/events?ip=127.0.0.1&date=2017-08-25&" + Key), Is.EqualTo(new[] { "1", "3" }));
        Assert.That(await DataAsync("/events?ip=10.0.0.1&" + Key), Is.Empty);
        Assert.That(await IdsAsync(_host, "/sessions?date=2017-08-2&consumer=2&" + Key, "sessions"), Is.EqualTo(new[] { 2L }));
        Assert.That(await IdsAsync(_host, "/sessions?date=&consumer=&" + Key, "sessions"), Is.EqualTo(new[] { 1L, 2L }), "empty filters are ignored");
    }

    [Test]
    public async Task LimitOffsetAndSortPageThroughTheEvents()
    {
        await using var host = await CollectorTestHost.StartAsync(h => h.MicroticksWithReadKey(o => o.MaxReadLimit = 4));
        var client = host.NewClient(await host.CreateConsumerAsync("touch-table"));
        await client.StartSessionAsync();
        foreach (var action in new[] { "b", "a", "c", "a", "d" })
        {
            await client.TrackEventAsync(action, null);
        }

        Assert.That(await IdsAsync(host, "/events?" + Key, "events"), Is.EqualTo(new[] { 1L, 2L, 3L, 4L }), "at most MaxReadLimit, by id");
        Assert.That(await IdsAsync(host, "/events?limit=100&" + Key, "events"), Has.Length.EqualTo(4));
        Assert.That(await IdsAsync(host, "/events?limit=2&offset=1&" + Key, "events"), Is.EqualTo(new[] { 2L, 3L }));
        Assert.That(await IdsAsync(host, "/events?limit=0&" + Key, "events"), Is.Empty);
        Assert.That(await IdsAsync(host, "/events?sort.desc=time&limit=2&" + Key, "events"), Is.EqualTo(new[] { 5L, 4L }), "the dashboard's query");
        Assert.That(await IdsAsync(host, "/events?sort=action&" + Key, "events"), Is.EqualTo(new[] { 2L, 4L, 1L, 3L }), "ties by id");
        Assert.That(await IdsAsync(host, "/events?sort.desc=action&sort=id&" + Key, "events"), Is.EqualTo(new[] { 5L, 3L, 1L, 2L }));
        Assert.That(await IdsAsync(host, "/sessions?sort.desc=clicks&" + Key, "sessions"), Is.EqualTo(new[] { 1L }));
    }

    [TestCase("/events?sort=name;drop table events", "Invalid \\\"sort\\\": sort by one of action, data, id, session_id, time")]
    [TestCase("/events?sort.desc=started_at", "Invalid \\\"sort.desc\\\": sort by one of action, data, id, session_id, time")]
    [TestCase("/sessions?sort=action", "Invalid \\\"sort\\\": sort by one of clicks, consumer_id, id, last_action, started_at, stopped_at")]
    [TestCase("/events?limit=ten", "Invalid \\\"limit\\\": not a whole number of 0 or more")]
    [TestCase("/sessions?offset=-1", "Invalid \\\"offset\\\": not a whole number of 0 or more")]
    [TestCase("/events?limit=99999999999999999999", "Invalid \\\"limit\\\": not a whole number of 0 or more")]
    public async Task AQueryThatCannotBeAnsweredIs400(string routeAndQuery, string error)
    {
        var (status, body) = await Posts.GetAsync(_host.Client, routeAndQuery + "&" + Key);

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Is.EqualTo($$"""{"error":"{{error}}","status":400}"""));
    }

    [Test]
    public async Task EventsDroppedByTheRoutingTreeAreNotRead()
    {
        await using var host = await CollectorTestHost.StartAsync(h => h.MicroticksWithReadKey().Processor(new RegexFilter(RegexFilterType.Blocklist, ["^private$"])));
        var client = host.NewClient(await host.CreateConsumerAsync("touch-table"));
        await client.StartSessionAsync();
        var kept = await client.TrackEventAsync("click", 1);
        var dropped = await client.TrackEventAsync("private", 2);

        Assert.That(dropped.GetProperty("event_id").GetInt64(), Is.EqualTo(2), "accepted: the tree decided not to store it");
        Assert.That(await IdsAsync(host, "/events?" + Key, "events"), Is.EqualTo(new[] { kept.GetProperty("event_id").GetInt64() }));
    }

    private static async Task<long[]> IdsAsync(CollectorTestHost host, string routeAndQuery, string member)
    {
        var (status, body) = await Posts.GetAsync(host.Client, routeAndQuery);
        Assert.That(status, Is.EqualTo(200), body);
        var root = JsonDocument.Parse(body).RootElement;
        var ids = root.GetProperty(member).EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToArray();
        Assert.That(root.GetProperty("count").GetInt32(), Is.EqualTo(ids.Length));
        return ids;
    }

    private async Task<string[]> DataAsync(string routeAndQuery)
    {
        var (_, body) = await Posts.GetAsync(_host.Client, routeAndQuery);
        return [.. JsonDocument.Parse(body).RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("data").GetRawText())];
    }
}
