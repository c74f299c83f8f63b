using System.Text.Json;

namespace EventTracking.Collector.Tests.Attolytics;

/// <summary>Column conversion, value by value.</summary>
public sealed class AttolyticsConverterTests
{
    [TestCase("1554130180", "2019-04-01T14:49:40.0000000+00:00")]
    [TestCase("1554130180.000001", "2019-04-01T14:49:40.0000010+00:00")]
    [TestCase("1554130180.0000019", "2019-04-01T14:49:40.0000010+00:00")]
    [TestCase("1.55413018e9", "2019-04-01T14:49:40.0000000+00:00")]
    [TestCase("-1.5", "1969-12-31T23:59:58.5000000+00:00")]
    [TestCase("-62135596800", "0001-01-01T00:00:00.0000000+00:00")]
    [TestCase("253402300799.999999", "9999-12-31T23:59:59.9999990+00:00")]
    public void UnixSecondsBecomeUtcTimesToTheMicrosecond(string json, string expected)
    {
        var failure = Convert(AttolyticsColumnType.Timestamp, json, required: false, out var value);

        Assert.That(failure, Is.Null);
        Assert.That(((DateTimeOffset)value!).ToString("O"), Is.EqualTo(expected));
    }

    [TestCase("253402300800")]
    [TestCase("-62135596801")]
    [TestCase("1e30")]
    [TestCase("\"not a time\"")]
    public void ATimestampOutsideTheCalendarFailsEvenInAnOptionalColumn(string json)
    {
        Assert.That(Convert(AttolyticsColumnType.Timestamp, json, required: false, out _), Is.Not.Null);
    }

    [TestCase("bool", "false", false)]
    [TestCase("i32", "-0", 0)]
    [TestCase("i32", "-2147483648", int.MinValue)]
    [TestCase("i64", "-9223372036854775808", long.MinValue)]
    [TestCase("f32", "3", 3f)]
    [TestCase("f32", "-3.4028234663852886E+38", float.MinValue)]
    [TestCase("f64", "12", 12d)]
    [TestCase("string", "\"\"", "")]
    public void ValuesOfTheColumnsTypeAreKept(string type, string json, object expected)
    {
        Assert.That(Convert(type, json, required: true, out var value), Is.Null);
        Assert.That(value, Is.EqualTo(expected).And.TypeOf(expected.GetType()));
    }

    [TestCase("bool", "0")]
    [TestCase("bool", "\"true\"")]
    [TestCase("i32", "2147483648")]
    [TestCase("i32", "1.0")]
    [TestCase("i32", "1e2")]
    [TestCase("i64", "9223372036854775808")]
    [TestCase("f32", "1e39")]
    [TestCase("f64", "\"1.5\"")]
    [TestCase("string", "1")]
    [TestCase("string", "{\"a\":1}")]
    [TestCase("timestamp", "true")]
    [TestCase("timestamp", "null")]
    public void OtherValuesAreNullInAnOptionalColumnAndAFailureInARequiredOne(string type, string json)
    {
        Assert.That(Convert(type, json, required: false, out var value), Is.Null);
        Assert.That(value, Is.Null);
        Assert.That(Convert(type, json, required: true, out _), Does.StartWith("required column 'c' holds"));
    }

    [Test]
    public void AMissingValueIsNullInAnOptionalColumnAndAFailureInARequiredOne()
    {
        Assert.That(AttolyticsConverter.TryConvert(new AttolyticsColumn("c", AttolyticsColumnType.I32, null, false), null, out var value), Is.Null);
        Assert.That(value, Is.Null);
        Assert.That(AttolyticsConverter.TryConvert(new AttolyticsColumn("c", AttolyticsColumnType.I32, null, true), null, out _), Is.EqualTo("required column 'c' is missing"));
    }

    private static string? Convert(string type, string json, bool required, out object? value) =>
        Convert(Enum.Parse<AttolyticsColumnType>(type, ignoreCase: true), json, required, out value);

    private static string? Convert(AttolyticsColumnType type, string json, bool required, out object? value)
    {
        using var document = JsonDocument.Parse(json);
        return AttolyticsConverter.TryConvert(new AttolyticsColumn("c", type, null, required), document.RootElement.Clone(), out value);
    }
}
