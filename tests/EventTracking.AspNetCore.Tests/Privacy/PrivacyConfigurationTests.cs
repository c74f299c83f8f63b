using EventTracking.AspNetCore.Tests.Support;

namespace EventTracking.AspNetCore.Tests.Privacy;

public sealed class PrivacyConfigurationTests
{
    private const string Secret = "a-test-secret-of-32-characters!!";

    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "et-privacy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task NoRawValueReachesASqliteStoreConfiguredToRedactItWhileTheAuditStoreKeepsIt()
    {
        var analytics = Path.Combine(_directory, "analytics.db").Replace("\\", "/", StringComparison.Ordinal);
        var audit = Path.Combine(_directory, "audit.db").Replace("\\", "/", StringComparison.Ordinal);
        await using var tracker = TrackerFromConfig.Build($$"""
            { "EventTracking": { "Backends": {
                "analytics": { "Type": "AsyncRouting",
                  "Processors": [ { "Type": "Redact", "Options": { "Secret": "{{Secret}}", "Rules": [
                    { "Path": "context.user_id", "Action": "Hash" },
                    { "Path": "context.ip", "Action": "TruncateIp" },
                    { "Path": "data.profile.email", "Action": "Mask" },
                    { "Field": "password", "Action": "Drop" } ] } } ],
                  "Backends": { "db": { "Type": "Sqlite", "Options": { "Path": "{{analytics}}" } } } },
                "audit": { "Type": "Sqlite", "Options": { "Path": "{{audit}}" } } } } }
            """);
        var user = "user-" + Guid.NewGuid().ToString("N");

        using (tracker.Context("request", new { user_id = user, ip = "203.0.113.77" }))
        {
            tracker.Emit("account.update", new { profile = new { email = "ada.lovelace@example.org" }, form = new { password = "correct horse battery" } });
        }

        await tracker.FlushAsync();

        var stored = await ReadAllAsync(analytics);
        var kept = await ReadAllAsync(audit);
        Assert.That(new[] { user, "203.0.113.77", "ada.lovelace", "correct horse" }.Where(stored.Contains), Is.Empty, "raw values in the redacting store's files");
        Assert.That(stored.Contains(KeyedHash.Compute(Secret, user), StringComparison.Ordinal) && stored.Contains("203.0.113.0", StringComparison.Ordinal), Is.True, "the hash and the truncated address are stored");
        Assert.That(kept.Contains(user, StringComparison.Ordinal) && kept.Contains("203.0.113.77", StringComparison.Ordinal), Is.True, "the audit store keeps the raw values");
    }

    // The database file and its write-ahead log, as bytes read as text: what anyone with the files could read.
    private static async Task<string> ReadAllAsync(string database)
    {
        var text = new System.Text.StringBuilder();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(database)!, Path.GetFileName(database) + "*"))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
            text.Append(await reader.ReadToEndAsync());
        }

        return text.ToString();
    }

    [Test]
    public void ConsentAndSampleAreConfiguredPerBranch()
    {
        var tracker = TrackerFromConfig.Build("""
            { "EventTracking": { "Backends": {
                "analytics": { "Type": "Routing",
                  "Processors": [ { "Type": "Consent", "Options": { "RequireConsent": true } },
                                  { "Type": "Sample", "Options": { "Key": "user_id", "Salt": "s", "Rules": [ { "Pattern": "^video\\.", "Rate": 0 } ] } } ],
                  "Backends": { "memory": { "Type": "InMemory" } } },
                "audit": { "Type": "InMemory" } } } }
            """);
        var analytics = (InMemoryBackend)((RoutingBackend)tracker.Backend.Backends["analytics"]).Backends["memory"];
        var audit = (InMemoryBackend)tracker.Backend.Backends["audit"];

        using (tracker.Context("request", new { user_id = 1, consent = "granted" }))
        {
            tracker.Emit("video.play");
            tracker.Emit("page.view");
        }

        using (tracker.Context("request", new { user_id = 2 }))
        {
            tracker.Emit("page.view");
        }

        Assert.That(analytics.Events.Select(e => (e.Name, e.Context["user_id"])), Is.EqualTo(new[] { ("page.view", (object?)1) }));
        Assert.That(audit.Count, Is.EqualTo(3));
    }

    [TestCase("""{ "Type": "Redact", "Options": { "Rules": [ { "Path": "context.user_id", "Action": "Hash" } ] } }""", "EventTracking:Processors:0:Options:Secret is required")]
    [TestCase("""{ "Type": "Redact", "Options": { "Secret": "a-test-secret-of-32-characters!!", "Rules": [ { "Path": "user_id" } ] } }""", "EventTracking:Processors:0:Options:Rules:0:Path 'user_id' must start with 'context.' or 'data.'")]
    [TestCase("""{ "Type": "Redact", "Options": { "Rules": [ { "Path": "data.a", "Action": "Shred" } ] } }""", "EventTracking:Processors:0:Options")]
    [TestCase("""{ "Type": "Redact", "Options": { } }""", "EventTracking:Processors:0:Options:Rules must list at least one rule")]
    [TestCase("""{ "Type": "Sample", "Options": { "Rules": [ { "Pattern": "a", "Rate": 2 } ] } }""", "EventTracking:Processors:0:Options:Rules:0:Rate 2 is outside 0 to 1")]
    [TestCase("""{ "Type": "Sample", "Options": { "Rules": [ { "Pattern": "(", "Rate": 0.5 } ] } }""", "EventTracking:Processors:0:Options:Rules:0:Pattern '(' is not a valid regular expression")]
    [TestCase("""{ "Type": "Consent", "Options": { "ContextKey": "" } }""", "EventTracking:Processors:0:Options:ContextKey is empty")]
    [TestCase("""{ "Type": "Consent", "Options": { "Honour": true } }""", "EventTracking:Processors:0:Options:Honour is not an option of Consent")]
    public void MistakesNameTheirConfigurationPath(string processor, string message)
    {
        var errors = TrackerFromConfig.Errors($$"""{ "EventTracking": { "Processors": [ {{processor}} ] } }""");

        Assert.That(errors.Single(), Does.StartWith(message));
    }
}
