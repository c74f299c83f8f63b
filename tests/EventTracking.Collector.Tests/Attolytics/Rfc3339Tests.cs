namespace EventTracking.Collector.Tests.Attolytics;

public sealed class Rfc3339Tests
{
    [TestCase("2019-04-01T15:29:40Z", "2019-04-01T15:29:40.0000000+00:00")]
    [TestCase("2019-04-01t15:29:40z", "2019-04-01T15:29:40.0000000+00:00")]
    [TestCase("2019-04-01 15:29:40Z", "2019-04-01T15:29:40.0000000+00:00")]
    [TestCase("2019-04-01T17:29:40+02:00", "2019-04-01T15:29:40.0000000+00:00")]
    [TestCase("2019-04-01T00:29:40-09:30", "2019-04-01T09:59:40.0000000+00:00")]
    [TestCase("2019-04-01T15:29:40.5Z", "2019-04-01T15:29:40.5000000+00:00")]
    [TestCase("2019-04-01T15:29:40.123456789Z", "2019-04-01T15:29:40.1234560+00:00")]
    [TestCase("2020-02-29T23:59:59-00:00", "2020-02-29T23:59:59.0000000+00:00")]
    [TestCase("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.0000000+00:00")]
    public void AcceptsRfc3339AndReturnsUtcToTheMicrosecond(string text, string expected)
    {
        Assert.That(Rfc3339.TryParse(text, out var value), Is.True);
        Assert.That(value.ToString("O"), Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("2019-04-01")]
    [TestCase("2019-04-01T15:29:40")]
    [TestCase("2019-04-01T15:29Z")]
    [TestCase("2019-04-01T15:29:40.Z")]
    [TestCase("2019-04-01T15:29:40+0200")]
    [TestCase("2019-04-01T15:29:40+02")]
    [TestCase("2019-04-01T15:29:40 Z")]
    [TestCase("2019-13-01T15:29:40Z")]
    [TestCase("2019-02-29T15:29:40Z")]
    [TestCase("2019-04-01T24:00:00Z")]
    [TestCase("2019-04-01T15:60:40Z")]
    [TestCase("2019-04-01T15:29:60Z")]
    [TestCase("2019-04-01T15:29:40+24:00")]
    [TestCase("0001-01-01T00:00:00+01:00")]
    [TestCase("Mon, 01 Apr 2019 15:29:40 +0000")]
    [TestCase("1554130180")]
    [TestCase("２０19-04-01T15:29:40Z")]
    public void RefusesAnythingElse(string text)
    {
        Assert.That(Rfc3339.TryParse(text, out _), Is.False);
    }
}
