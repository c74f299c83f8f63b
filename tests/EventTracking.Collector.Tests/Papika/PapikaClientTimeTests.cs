using System.Globalization;

namespace EventTracking.Collector.Tests.Papika;

/// <summary>The three forms of <c>client_time</c>: ISO 8601, Python's <c>str(datetime)</c>, and .NET's culture-formatted <c>DateTime.ToString()</c>.</summary>
public sealed class PapikaClientTimeTests
{
    [TestCase("2016-03-14T14:03:04.123Z", "2016-03-14T14:03:04.123000+00:00", TestName = "TypeScript toISOString")]
    [TestCase("2016-03-14T14:03:04Z", "2016-03-14T14:03:04.000000+00:00")]
    [TestCase("2016-03-14T16:03:04.5+02:00", "2016-03-14T14:03:04.500000+00:00")]
    [TestCase("2016-03-14T09:33:04-0430", "2016-03-14T14:03:04.000000+00:00")]
    [TestCase("2016-03-14T14:03:04.123456789Z", "2016-03-14T14:03:04.123456+00:00")]
    [TestCase("2016-03-14T14:03:04", "2016-03-14T14:03:04.000000")]
    [TestCase("2016-03-14 14:03:04.123456", "2016-03-14T14:03:04.123456", TestName = "Python str(datetime)")]
    [TestCase("2016-03-14 14:03:04", "2016-03-14T14:03:04.000000", TestName = "Python str(datetime) on a whole second")]
    [TestCase("2016-03-14 14:03:04.123456+00:00", "2016-03-14T14:03:04.123456+00:00", TestName = "Python str(aware datetime)")]
    public void IsoAndPythonTimesAreRead(string sent, string normalized)
    {
        Assert.That(PapikaClientTime.TryParse(sent, out var time), Is.True);
        Assert.That(time.Normalized, Is.EqualTo(normalized));
    }

    [TestCase("3/14/2016 2:03:04 PM", TestName = "en-US")]
    [TestCase("3/14/2016 2:03:04\u202FPM", TestName = "en-US with ICU's narrow no-break space")]
    [TestCase("14/03/2016 14:03:04", TestName = "en-GB, fr-FR, es-ES, it-IT, pt-BR")]
    [TestCase("14/03/2016 2:03:04 pm", TestName = "en-AU")]
    [TestCase("14.03.2016 14:03:04", TestName = "de-DE, ru-RU, pl-PL, tr-TR")]
    [TestCase("14.3.2016 14.03.04", TestName = "fi-FI")]
    [TestCase("14-3-2016 14:03:04", TestName = "nl-NL")]
    [TestCase("14-03-2016 14:03:04", TestName = "da-DK")]
    [TestCase("2016/03/14 14:03:04", TestName = "ja-JP")]
    [TestCase("2016/3/14 14:03:04", TestName = "zh-CN")]
    [TestCase("2016/3/14 下午 02:03:04", TestName = "zh-TW")]
    [TestCase("2016-03-14 오후 2:03:04", TestName = "ko-KR")]
    [TestCase("2016-03-14 14:03:04", TestName = "sv-SE")]
    [TestCase("2016-03-14 2:03:04 p.m.", TestName = "en-CA")]
    [TestCase("2016. 03. 14. 14:03:04", TestName = "hu-HU")]
    public void UnityTimesInCommonCulturesAreRead(string sent)
    {
        Assert.That(PapikaClientTime.TryParse(sent, out var time), Is.True);
        Assert.That(time.Normalized, Is.EqualTo("2016-03-14T14:03:04.000000"), "the client's wall clock, its zone unknown");
    }

    [TestCase("en-US")]
    [TestCase("en-GB")]
    [TestCase("de-DE")]
    [TestCase("fr-FR")]
    [TestCase("es-ES")]
    [TestCase("it-IT")]
    [TestCase("pt-BR")]
    [TestCase("ru-RU")]
    [TestCase("pl-PL")]
    [TestCase("nl-NL")]
    [TestCase("sv-SE")]
    [TestCase("fi-FI")]
    [TestCase("da-DK")]
    [TestCase("nb-NO")]
    [TestCase("tr-TR")]
    [TestCase("cs-CZ")]
    [TestCase("ja-JP")]
    [TestCase("zh-CN")]
    [TestCase("zh-TW")]
    [TestCase("ko-KR")]
    [TestCase("hu-HU")]
    [TestCase("en-CA")]
    [TestCase("en-AU")]
    [TestCase("en-IN")]
    [TestCase("en-NZ")]
    [TestCase("en-PH")]
    [TestCase("en-ZA")]
    [TestCase("hi-IN")]
    [TestCase("sk-SK")]
    [TestCase("hr-HR")]
    [TestCase("sr-Latn-RS")]
    [TestCase("sl-SI")]
    [TestCase("lt-LT")]
    [TestCase("lv-LV")]
    [TestCase("et-EE")]
    [TestCase("ro-RO")]
    [TestCase("uk-UA")]
    [TestCase("he-IL")]
    [TestCase("id-ID")]
    [TestCase("vi-VN")]
    [TestCase("pt-PT")]
    [TestCase("es-MX")]
    [TestCase("ca-ES")]
    [TestCase("eu-ES")]
    [TestCase("af-ZA")]
    [TestCase("is-IS")]
    public void DateTimeToStringInTheCultureIsReadBack(string culture)
    {
        // Afternoon, and a day above 12, so no reading of the date is ambiguous.
        var now = new DateTime(2016, 3, 14, 14, 3, 4);
        var sent = now.ToString(CultureInfo.GetCultureInfo(culture));

        Assert.That(PapikaClientTime.TryParse(sent, out var time), Is.True, sent);
        Assert.That(time.Value, Is.EqualTo(now), sent);
    }

    [TestCase("3/4/2016 2:03:04 PM", 3, 4, TestName = "slashes with AM/PM read month first, as en-US")]
    [TestCase("3/4/2016 14:03:04", 4, 3, TestName = "slashes on a 24-hour clock read day first, as en-GB")]
    [TestCase("3.4.2016 14:03:04", 4, 3, TestName = "dots read day first")]
    [TestCase("13/4/2016 2:03:04 PM", 4, 13, TestName = "a first number above 12 can only be a day")]
    [TestCase("4/13/2016 14:03:04", 4, 13, TestName = "a second number above 12 can only be a day")]
    public void AmbiguousDatesFollowTheDocumentedRule(string sent, int month, int day)
    {
        Assert.That(PapikaClientTime.TryParse(sent, out var time), Is.True);
        Assert.That((time.Value.Month, time.Value.Day), Is.EqualTo((month, day)));
    }

    [TestCase("12/1/2016 12:00:00 AM", 0)]
    [TestCase("12/1/2016 12:00:00 PM", 12)]
    [TestCase("12/1/2016 1:00:00 AM", 1)]
    public void TwelveHourClocksKeepMidnightAndNoonApart(string sent, int hour)
    {
        Assert.That(PapikaClientTime.TryParse(sent, out var time), Is.True);
        Assert.That(time.Value.Hour, Is.EqualTo(hour));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("yesterday")]
    [TestCase("1458000000")]
    [TestCase("2016-02-30T00:00:00Z")]
    [TestCase("2016-03-14T24:00:00Z")]
    [TestCase("2016-03-14T14:03:04+15:00")]
    [TestCase("13/13/2016 1:00:00 PM")]
    [TestCase("3/14/2016 13:03:04 PM")]
    [TestCase("3/14/2016 0:03:04 AM")]
    [TestCase("AM 3/14/2016 2:03:04 PM")]
    [TestCase("3/14/16 2:03:04 PM")]
    [TestCase("١٤/٠٣/٢٠١٦ ١٤:٠٣:٠٤")]
    public void AnythingElseIsRefused(string? sent) => Assert.That(PapikaClientTime.TryParse(sent, out _), Is.False);
}
