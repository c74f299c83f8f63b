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

    [TestCase("\u0000", TestName = "a username with a NUL")]
    [TestCase("\nINFO admin signed in", TestName = "a username with a line break")]
    [TestCase("\r", TestName = "a username with a carriage return")]
    [TestCase("\u001b[31m", TestName = "a username with a terminal escape")]
    [TestCase("\u0085", TestName = "a username with a C1 next line")]
    [TestCase("\u202E", TestName = "a username with a bidirectional override")]
    [TestCase("\u200B", TestName = "a username with a zero-width space")]
    [TestCase("\u2028", TestName = "a username with a line separator")]
    [TestCase("\uFEFF", TestName = "a username with a byte-order mark")]
    public async Task AUsernameWithAControlOrFormatCharacterIs400AndIsNeitherStoredNorLogged(string hostile)
    {
        var marker = Guid.NewGuid().ToString("N");
        var data = System.Text.Json.JsonSerializer.Serialize(new { username = $"pika-{marker}{hostile}chu" });

        using var response = await _host.PostJsonAsync("/api/user", PapikaBodies.NonSession(data));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(
            await response.Content.ReadAsStringAsync(),
            Is.EqualTo("""{"title":"Bad Request","status":400,"detail":"'username' holds a control or format character, a line break or an unpaired surrogate"}"""));
        Assert.That(_host.CountPapikaRows("papika_users", $"instr(username, '{marker}') > 0"), Is.Zero);
        Assert.That(_host.Logs.Lines, Has.None.Contains(marker), "the username is not echoed into the log");
    }

    [Test]
    public async Task AUsernameOver256CharactersIs400AndOneOf256IsAUser()
    {
        var marker = Guid.NewGuid().ToString("N");
        var longest = marker + new string('x', 256 - marker.Length);

        using var tooLong = await _host.PostJsonAsync("/api/user", PapikaBodies.NonSession(System.Text.Json.JsonSerializer.Serialize(new { username = longest + "x" })));
        var fits = await PostAsync("/api/user", System.Text.Json.JsonSerializer.Serialize(new { username = longest }));

        Assert.That(tooLong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await tooLong.Content.ReadAsStringAsync(), Does.EndWith("\"detail\":\"'username' is 257 characters long; at most 256 are accepted\"}"));
        Assert.That(fits, Does.StartWith("{\"user_id\":"));
        Assert.That(_host.CountPapikaRows("papika_users", $"instr(username, '{marker}') > 0"), Is.EqualTo(1));
    }

    [Test]
    public async Task UsernamesInAnyScriptAndWithEmojiAreKept()
    {
        var name = Unique("Пикачу-ピカチュウ-\U0001F43F");

        var first = await PostAsync("/api/user", System.Text.Json.JsonSerializer.Serialize(new { username = name }));
        var again = await PostAsync("/api/user", System.Text.Json.JsonSerializer.Serialize(new { username = name }));

        Assert.That(again, Is.EqualTo(first));
        Assert.That(_host.QueryPapikaStore($"SELECT count(*) FROM papika_users WHERE username = '{name}'"), Is.EqualTo(1));
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
