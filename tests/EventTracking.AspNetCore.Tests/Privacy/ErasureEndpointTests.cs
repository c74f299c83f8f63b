using System.Net;
using System.Text;
using System.Text.Json;
using EventTracking.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace EventTracking.AspNetCore.Tests.Privacy;

/// <summary>The erasure endpoint, through a real Kestrel server with header authentication and a role policy.</summary>
public sealed class ErasureEndpointTests
{
    private const string Secret = "a-test-secret-of-32-characters!!";

    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "et-erasure-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task AnAuthorizedCallErasesFromEveryStoreAndAnswersWithTheReport()
    {
        await using var app = App();
        var client = app.CreateClient();
        foreach (var user in new[] { "ada", "bob", "ada" })
        {
            using var emit = new HttpRequestMessage(HttpMethod.Get, "/emit");
            emit.Headers.Add(HeaderAuthenticationHandler.Header, user);
            (await client.SendAsync(emit)).EnsureSuccessStatusCode();
        }

        using var response = await client.SendAsync(Erase("""{"user_id":"ada"}""", caller: "admin"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = report.RootElement;
        Assert.That(root.GetProperty("user_id").GetString(), Is.EqualTo("ada"));
        Assert.That(root.GetProperty("removed").GetInt64(), Is.EqualTo(4));
        Assert.That(root.GetProperty("complete").GetBoolean(), Is.False);
        var stores = root.GetProperty("stores").EnumerateArray()
            .Select(s => (s.GetProperty("path").GetString(), s.GetProperty("outcome").GetString(), s.GetProperty("removed").GetInt64())).ToList();
        Assert.That(stores, Is.EqualTo(new[]
        {
            ("analytics/db", "erased", 2L),
            ("audit", "erased", 2L),
            ("memory", "cannot_erase", 0L),
        }));
    }

    [TestCase(null, HttpStatusCode.Unauthorized)]
    [TestCase("alice", HttpStatusCode.Forbidden)]
    public async Task CallersWithoutThePolicyAreRefusedAndNothingIsErased(string? caller, HttpStatusCode expected)
    {
        await using var app = App();
        var client = app.CreateClient();
        using var emit = new HttpRequestMessage(HttpMethod.Get, "/emit");
        emit.Headers.Add(HeaderAuthenticationHandler.Header, "ada");
        (await client.SendAsync(emit)).EnsureSuccessStatusCode();

        using var response = await client.SendAsync(Erase("""{"user_id":"ada"}""", caller));

        Assert.That(response.StatusCode, Is.EqualTo(expected));
        Assert.That((await new SqliteEventReader(Path.Combine(_directory, "audit.db")).QueryAsync(new EventQuery())).Count, Is.EqualTo(1));
    }

    [TestCase("""{"user":"ada"}""", "application/json", HttpStatusCode.BadRequest)]
    [TestCase("""{"user_id":""}""", "application/json", HttpStatusCode.BadRequest)]
    [TestCase("""{"user_id":["ada"]}""", "application/json", HttpStatusCode.BadRequest)]
    [TestCase("not json", "application/json", HttpStatusCode.BadRequest)]
    [TestCase("user_id=ada", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType)]
    public async Task ABadRequestIsRefusedWithAJsonError(string body, string contentType, HttpStatusCode expected)
    {
        await using var app = App();

        using var response = await app.CreateClient().SendAsync(Erase(body, "admin", contentType));

        Assert.That(response.StatusCode, Is.EqualTo(expected));
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(error.RootElement.GetProperty("error").GetString(), Is.Not.Empty);
    }

    [Test]
    public async Task AnOversizedBodyIsRefused()
    {
        await using var app = App();

        using var response = await app.CreateClient().SendAsync(Erase($$"""{"user_id":"{{new string('a', 5000)}}"}""", "admin"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    private static HttpRequestMessage Erase(string body, string? caller, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/eventtracking/erase") { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (caller is not null)
        {
            request.Headers.Add(HeaderAuthenticationHandler.Header, caller);
        }

        return request;
    }

    private TestWebApp App() =>
        new(
            s =>
            {
                s.AddAuthorization(o => o.AddPolicy("EventTrackingAdmin", p => p.RequireClaim(System.Security.Claims.ClaimTypes.NameIdentifier, "admin")));
                s.AddEventTracking(t =>
                {
                    t.AddSqlite(Path.Combine(_directory, "audit.db"), "audit");
                    t.AddAsyncRouting("analytics", r => r
                        .AddRedaction(o =>
                        {
                            o.Secret = Secret;
                            o.Rules.Add(RedactionRule.ForPath("context.user_id", RedactionAction.Hash));
                        })
                        .AddSqlite(Path.Combine(_directory, "analytics.db"), "db"));
                    t.AddInMemory("memory");
                });
            },
            e =>
            {
                e.MapGet("/emit", (ITracker tracker) =>
                {
                    tracker.Emit("page.view");
                    return "ok";
                });
                e.MapEventTrackingErasure("/eventtracking/erase", o => o.Policy = "EventTrackingAdmin");
            },
            kestrel: true);
}
