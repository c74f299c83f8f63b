using System.Net;
using EventTracking.Collector.Tests.Papika.Support;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests.Papika;

/// <summary><c>/api/user</c>, <c>/api/user/get_data</c> and <c>/api/user/set_data</c>: users and their save data in Papika's store.</summary>
public sealed class PapikaUserTests
{
    private CollectorTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartHost() => _host = await CollectorTestHost.StartAsync(h => h.PapikaWithTestExperiments());

    [OneTimeTearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    [Test]
    public async Task AUsernameGetsOneIdForEver()
    {
        var (pika, chu) = (Unique("pika"), Unique("chu"));

        var first = await PostAsync("/api/user", $$"""{"username": "{{pika}}"}""");
        var again = await PostAsync("/api/user", $$"""{"username": "{{pika}}"}""");
        var other = await PostAsync("/api/user", $$"""{"username": "{{chu}}"}""");

        Assert.That(first, Does.Match("^\\{\"user_id\":\"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\"\\}$"));
        Assert.That(again, Is.EqualTo(first));
        Assert.That(other, Is.Not.EqualTo(first));
        Assert.That(_host.CountPapikaRows("papika_users", $"username IN ('{pika}', '{chu}')"), Is.EqualTo(2));
    }

    [Test]
    public async Task UsernamesAreCaseSensitiveAsInTheOriginal()
    {
        var name = Unique("pika");

        var lower = await PostAsync("/api/user", $$"""{"username": "{{name}}"}""");
        var upper = await PostAsync("/api/user", $$"""{"username": "{{name.ToUpperInvariant()}}"}""");

        Assert.That(upper, Is.Not.EqualTo(lower));
    }

    [Test]
    public async Task ConcurrentFirstRequestsForOneUsernameAgree()
    {
        var name = Unique("racer");

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => PostAsync("/api/user", $$"""{"username":"{{name}}"}""")));

        Assert.That(answers.Distinct(), Has.Exactly(1).Items);
        Assert.That(_host.CountPapikaRows("papika_users", $"username = '{name}'"), Is.EqualTo(1));
    }

    [Test]
    public async Task ANewUserHasNoSaveData()
    {
        var userId = await NewUserAsync("fresh");

        Assert.That(await PostAsync("/api/user/get_data", $$"""{"id":"{{userId}}"}"""), Is.EqualTo($$"""{"id":"{{userId}}","savedata":null}"""));
    }

    [Test]
    public async Task SaveDataIsGivenBackExactlyAsSaved()
    {
        var userId = await NewUserAsync("saver");
        const string saved = """{"I'm some": ["save", "data"], "level": 3, "note": "a:b,c\"d"}""";

        var set = await PostAsync("/api/user/set_data", System.Text.Json.JsonSerializer.Serialize(new { id = userId, savedata = saved }));
        var got = await PostAsync("/api/user/get_data", $$"""{"id":"{{userId}}"}""");

        Assert.That(set, Is.EqualTo("""{"is_success":true}"""));
        Assert.That(System.Text.Json.JsonDocument.Parse(got).RootElement.GetProperty("savedata").GetString(), Is.EqualTo(saved));
        Assert.That(got, Does.StartWith($$"""{"id":"{{userId}}","savedata":"""));
    }

    [Test]
    public async Task SavingNullClearsTheSaveData()
    {
        var userId = await NewUserAsync("clearer");
        await PostAsync("/api/user/set_data", $$"""{"id":"{{userId}}","savedata":"x"}""");

        await PostAsync("/api/user/set_data", $$"""{"id":"{{userId}}","savedata":null}""");

        Assert.That(await PostAsync("/api/user/get_data", $$"""{"id":"{{userId}}"}"""), Does.EndWith("\"savedata\":null}"));
    }

    [TestCase("/api/user/get_data", """{"id":"6f1c0d3e-0b7a-4d55-8f33-2a9c1e5b7d40"}""")]
    [TestCase("/api/user/set_data", """{"id":"6f1c0d3e-0b7a-4d55-8f33-2a9c1e5b7d40","savedata":"x"}""")]
    public async Task AnUnknownUserIs404(string path, string data)
    {
        using var response = await _host.PostJsonAsync(path, PapikaBodies.NonSession(data));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"title":"Not Found","status":404,"detail":"unknown user"}"""));
    }

    [TestCase("/api/user", "{}", "missing field 'username'")]
    [TestCase("/api/user", """{"username":7}""", "'username' must be a string")]
    [TestCase("/api/user", "[]", "'data' must be a JSON object")]
    [TestCase("/api/user/get_data", "{}", "missing field 'id'")]
    [TestCase("/api/user/get_data", """{"id":"pika"}""", "'id' is not a UUID")]
    [TestCase("/api/user/get_data", """{"id":12}""", "'id' must be a UUID string")]
    [TestCase("/api/user/set_data", """{"id":"6f1c0d3e-0b7a-4d55-8f33-2a9c1e5b7d40"}""", "missing field 'savedata'")]
    [TestCase("/api/user/set_data", """{"id":"6f1c0d3e-0b7a-4d55-8f33-2a9c1e5b7d40","savedata":{"a":1}}""", "'savedata' must be a string or null")]
    public async Task AMissingOrMistypedFieldIs400WithAShortReason(string path, string data, string reason)
    {
        using var response = await _host.PostJsonAsync(path, PapikaBodies.NonSession(data));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo($$"""{"title":"Bad Request","status":400,"detail":"{{reason}}"}"""));
    }

    [Test]
    public async Task UuidsAreTakenWithOrWithoutHyphensAndBraces()
    {
        var userId = await NewUserAsync("formats");
        var guid = Guid.Parse(userId);

        foreach (var form in new[] { guid.ToString("N"), guid.ToString("B"), guid.ToString("D").ToUpperInvariant() })
        {
            Assert.That(await PostAsync("/api/user/get_data", $$"""{"id":"{{form}}"}"""), Does.StartWith($$"""{"id":"{{userId}}","""), form);
        }
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}";

    private async Task<string> NewUserAsync(string username)
    {
        var answer = await PostAsync("/api/user", $$"""{"username":"{{Unique(username)}}"}""");
        return System.Text.Json.JsonDocument.Parse(answer).RootElement.GetProperty("user_id").GetString()!;
    }

    private async Task<string> PostAsync(string path, string data)
    {
        using var response = await _host.PostJsonAsync(path, PapikaBodies.NonSession(data));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        return text;
    }
}
