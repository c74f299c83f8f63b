namespace EventTracking.Tests.Processors;

public sealed class ProcessorTests
{
    private static TrackingEvent Named(string name) => new(Guid.CreateVersion7(), name, DateTimeOffset.UtcNow);

    [TestCase("edx.course.enrollment", true)]
    [TestCase("edx.course", false)]
    [TestCase("prefix.edx.course.x", false)]
    public void AnAllowlistKeepsOnlyNamesMatchingAtTheStart(string name, bool kept)
    {
        var filter = new RegexFilter(RegexFilterType.Allowlist, [@"edx\.course\."]);

        Assert.That(filter.Process(Named(name)) is not null, Is.EqualTo(kept));
    }

    [Test]
    public void ABlocklistDropsMatchingNamesAndKeepsTheRest()
    {
        var filter = new RegexFilter(RegexFilterType.Blocklist, ["^navigation", "debug$"]);

        Assert.That(filter.Process(Named("navigation.request")), Is.Null);
        Assert.That(filter.Process(Named("debug")), Is.Null);
        Assert.That(filter.Process(Named("app.debug")), Is.Not.Null, "debug$ must match from the start, as re.match does");
        Assert.That(filter.Process(Named("problem.check")), Is.Not.Null);
    }

    [Test]
    public void AnAllowlistWithSeveralPatternsKeepsNamesMatchingAny()
    {
        var filter = new RegexFilter(RegexFilterType.Allowlist, ["a", "b"]);

        Assert.That(filter.Process(Named("b.x")), Is.Not.Null);
        Assert.That(filter.Process(Named("c.x")), Is.Null);
    }

    [Test]
    public void AnInvalidPatternThrowsAtConstructionNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RegexFilter(RegexFilterType.Allowlist, ["ok", "(unclosed"]));

        Assert.That(ex!.Message, Does.Contain("'(unclosed'"));
    }

    [Test]
    public void AnAllowlistOfNamesKeepsExactMatchesOnly()
    {
        var allowlist = new NameAllowlist(["edx.video.played", "edx.video.paused"]);

        Assert.That(allowlist.Process(Named("edx.video.played")), Is.Not.Null);
        Assert.That(allowlist.Process(Named("edx.video.played.extra")), Is.Null);
        Assert.That(allowlist.Process(Named("EDX.VIDEO.PLAYED")), Is.Null);
    }
}
