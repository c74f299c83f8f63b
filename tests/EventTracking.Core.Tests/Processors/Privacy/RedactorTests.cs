namespace EventTracking.Tests.Processors.Privacy;

public sealed class RedactorTests
{
    private const string Secret = "a-test-secret-of-32-characters!!";
    private const string OtherSecret = "another-secret-of-32-characters!";

    [Test]
    public void DropRemovesAFieldByPathInContextAndByNameAtAnyDepthOfData()
    {
        var redactor = new Redactor(new RedactorOptions
        {
            Rules = { RedactionRule.ForPath("context.session.token", RedactionAction.Drop), RedactionRule.ForField("password", RedactionAction.Drop) },
        });
        var evt = Event(
            context: new { session = new { token = "t0k3n", started = 5 }, user_id = 7 },
            data: new { form = new { Password = "hunter2", fields = new object[] { new { password = "x", name = "a" } } }, password = "top" });

        var redacted = redactor.Process(evt)!;

        Assert.That(EventJson.Serialize(redacted), Does.Not.Contain("t0k3n").And.Not.Contain("hunter2").And.Not.Contain("top").And.Not.Contain("\"x\""));
        Assert.That(Nested(redacted.Context, "session"), Does.ContainKey("started").And.Not.ContainKey("token"));
        Assert.That(Nested(redacted.Data, "form"), Does.Not.ContainKey("Password"));
        var field = (IReadOnlyDictionary<string, object?>)((IReadOnlyList<object?>)Nested(redacted.Data, "form")["fields"]!)[0]!;
        Assert.That(field, Does.ContainKey("name").And.Not.ContainKey("password"));
        Assert.That(redacted.Context["user_id"], Is.EqualTo(7));
    }

    [Test]
    public void MaskReplacesTheValueWithTheMaskTextAndLeavesNullsAlone()
    {
        var redactor = new Redactor(new RedactorOptions
        {
            Mask = "[redacted]",
            Rules = { RedactionRule.ForPath("data.user.email", RedactionAction.Mask), RedactionRule.ForPath("data.user.phone", RedactionAction.Mask) },
        });

        var redacted = redactor.Process(Event(data: new { user = new { email = "ada@example.org", phone = (string?)null } }))!;

        Assert.That(Nested(redacted.Data, "user")["email"], Is.EqualTo("[redacted]"));
        Assert.That(Nested(redacted.Data, "user")["phone"], Is.Null);
    }

    [Test]
    public void HashIsTheSameForTheSameInputAndSecretAndDiffersUnderAnotherSecret()
    {
        static Redactor HashUser(string secret) => new(new RedactorOptions
        {
            Secret = secret,
            Rules = { RedactionRule.ForPath("context.user_id", RedactionAction.Hash), RedactionRule.ForPath("data.actor.id", RedactionAction.Hash) },
        });

        var evt = Event(context: new { user_id = 10938 }, data: new { actor = new { id = "10938" } });
        var first = HashUser(Secret).Process(evt)!;
        var again = HashUser(Secret).Process(Event(context: new { user_id = 10938 }))!;
        var other = HashUser(OtherSecret).Process(evt)!;

        var hash = (string)first.Context["user_id"]!;
        Assert.That(hash, Does.Match("^[0-9a-f]{64}$"));
        Assert.That(again.Context["user_id"], Is.EqualTo(hash));
        Assert.That(Nested(first.Data, "actor")["id"], Is.EqualTo(hash), "the number 10938 and the text \"10938\" hash alike");
        Assert.That(other.Context["user_id"], Is.Not.EqualTo(hash));
        Assert.That(hash, Is.EqualTo(KeyedHash.Compute(Secret, "10938")));
        Assert.That(hash, Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(Secret), System.Text.Encoding.UTF8.GetBytes("10938")))));
    }

    [Test]
    public void TruncateIpKeepsTheSlash24OfIPv4AndTheSlash48OfIPv6()
    {
        var redactor = new Redactor(new RedactorOptions
        {
            Rules = { RedactionRule.ForField("ip", RedactionAction.TruncateIp), RedactionRule.ForPath("data.hops", RedactionAction.TruncateIp) },
        });

        var redacted = redactor.Process(Event(
            context: new { ip = "203.0.113.77" },
            data: new { client = new { ip = "2001:db8:85a3:8d3:1319:8a2e:370:7348" }, hops = new object[] { "198.51.100.9", "::ffff:192.0.2.200" }, peer = new { ip = "not an address" } }))!;

        Assert.That(redacted.Context["ip"], Is.EqualTo("203.0.113.0"));
        Assert.That(Nested(redacted.Data, "client")["ip"], Is.EqualTo("2001:db8:85a3::"));
        Assert.That(redacted.Data["hops"], Is.EqualTo(new object[] { "198.51.100.0", "192.0.2.0" }));
        Assert.That(Nested(redacted.Data, "peer"), Does.Not.ContainKey("ip"), "what is not an address is removed rather than passed on");
    }

    [Test]
    public void AWildcardSegmentAndListsInAPathReachEveryItem()
    {
        var redactor = new Redactor(new RedactorOptions { Rules = { RedactionRule.ForPath("data.*.email", RedactionAction.Mask) } });

        var redacted = redactor.Process(Event(data: new { owner = new { email = "a@x" }, members = new object[] { new { email = "b@x" }, new { email = "c@x" } } }))!;

        Assert.That(EventJson.Serialize(redacted), Does.Not.Contain("@x"));
    }

    [Test]
    public void AnEventNoRuleTouchesIsPassedOnAsItIsAndTheOriginalIsNeverChanged()
    {
        var redactor = new Redactor(new RedactorOptions { Rules = { RedactionRule.ForField("password", RedactionAction.Drop) } });
        var untouched = Event(context: new { user_id = 1 }, data: new { url = "/" });
        var touched = Event(data: new { password = "p" });

        Assert.That(redactor.Process(untouched), Is.SameAs(untouched));
        Assert.That(redactor.Process(touched)!.Data, Does.Not.ContainKey("password"));
        Assert.That(touched.Data["password"], Is.EqualTo("p"));
    }

    [Test]
    public void HashingWithoutASecretOrWithAShortOneFailsNamingTheSettingButNotTheSecret()
    {
        var missing = Assert.Throws<ArgumentException>(() => new Redactor(new RedactorOptions { Rules = { RedactionRule.ForField("user_id", RedactionAction.Hash) } }));
        var shortSecret = Assert.Throws<ArgumentException>(() => new Redactor(new RedactorOptions { Secret = "tiny-secret", Rules = { RedactionRule.ForField("user_id", RedactionAction.Hash) } }));

        Assert.That(missing!.Message, Does.Contain("Secret"));
        Assert.That(shortSecret!.Message, Does.Contain("Secret").And.Contain("16").And.Not.Contain("tiny-secret"));
    }

    [TestCase("user_id", "must start with 'context.' or 'data.'")]
    [TestCase("context..user", "empty segment")]
    public void ABadPathFailsNamingIt(string path, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => new Redactor(new RedactorOptions { Rules = { RedactionRule.ForPath(path, RedactionAction.Drop) } }));

        Assert.That(ex!.Message, Does.Contain($"'{path}'").And.Contain(message).And.Contain("Rules[0].Path"));
    }

    [Test]
    public void ARuleWithBothOrNeitherOfFieldAndPathIsRefused()
    {
        Assert.Throws<ArgumentException>(() => new Redactor(new RedactorOptions { Rules = { new RedactionRule() } }));
        Assert.Throws<ArgumentException>(() => new Redactor(new RedactorOptions { Rules = { new RedactionRule { Field = "a", Path = "data.a" } } }));
    }

    [Test]
    public void OnOneBranchOnlyTheAnalyticsStoreGetsHashedIdsWhileTheAuditStoreKeepsThem()
    {
        var analytics = new InMemoryBackend();
        var audit = new InMemoryBackend();
        var redacting = new RoutingBackend(
            [new("db", analytics)],
            [new Redactor(new RedactorOptions { Secret = Secret, Rules = { RedactionRule.ForPath("context.user_id", RedactionAction.Hash) } })]);
        var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["analytics"] = redacting, ["audit"] = audit });

        using (tracker.Context("request", new { user_id = "ada" }))
        {
            tracker.Emit("course.enroll");
            tracker.Emit("course.view");
        }

        Assert.That(audit.Events.Select(e => e.Context["user_id"]), Is.All.EqualTo("ada"));
        Assert.That(analytics.Events.Select(e => e.Context["user_id"]), Is.All.EqualTo(KeyedHash.Compute(Secret, "ada")));
    }

    private static TrackingEvent Event(object? context = null, object? data = null) =>
        new(Guid.CreateVersion7(), "test.event", DateTimeOffset.UtcNow, context, data);

    private static IReadOnlyDictionary<string, object?> Nested(IReadOnlyDictionary<string, object?> values, string key) =>
        (IReadOnlyDictionary<string, object?>)values[key]!;
}
