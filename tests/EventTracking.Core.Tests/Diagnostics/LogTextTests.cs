namespace EventTracking.Tests.Diagnostics;

public sealed class LogTextTests
{
    private static readonly string[] Hostile =
    [
        "inj.log\n[12:34:56 INF] FORGED admin logged in",
        "cr\rline",
        "esc\u001b[31mred",
        "sep\u2028line",
        "para\u2029graph",
        "nel\u0085line",
        "lone\ud800surrogate",
        "low\udc00first",
        "rtl\u202eoverride",
        "bell\u0007del\u007f",
    ];

    [TestCaseSource(nameof(Hostile))]
    public void EscapedTextHasNoCharacterThatBreaksOrRecoloursALine(string value)
    {
        var escaped = LogText.Escape(value);

        Assert.That(escaped.Any(c => char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u202e'), Is.False, escaped);
        Assert.That(LogText.IsLineSafe(value), Is.False);
    }

    [Test]
    public void LineBreaksAndOtherControlsAreWrittenAsEscapes()
    {
        Assert.That(LogText.Escape("a\r\nb\tc\u001bd\u2028e\ud800f\\g"), Is.EqualTo(@"a\r\nb\tc\u001Bd\u2028e\uD800f\g"));
    }

    [Test]
    public void EscapingTwiceChangesNothingMore()
    {
        var once = LogText.Escape("a\nb\u2028c\ud800");

        Assert.That(LogText.Escape(once), Is.EqualTo(once));
        Assert.That(LogText.IsLineSafe(once), Is.True);
    }

    [Test]
    public void OrdinaryTextAndSurrogatePairsAreKept()
    {
        const string text = "navigation.request /courses/😀 ünïcödé";

        Assert.That(LogText.Escape(text), Is.SameAs(text));
        Assert.That(LogText.IsLineSafe(text), Is.True);
        Assert.That(LogText.Escape(null), Is.Empty);
    }

    [Test]
    public void LongTextIsShortenedWithoutSplittingASurrogatePair()
    {
        Assert.That(LogText.Escape(new string('x', 600)), Is.EqualTo(new string('x', 512) + "…(88 more characters)"));
        Assert.That(LogText.Escape("ab😀cd", 3), Is.EqualTo("ab…(4 more characters)"));
        Assert.That(() => LogText.Escape("x", -1), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
