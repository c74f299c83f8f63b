using System.Text.Json;

namespace EventTracking.Tests.Serialization;

public sealed class EventJsonTests
{
    [Test]
    public void AnEventIsWrittenInTheCanonicalShape()
    {
        var evt = new TrackingEvent(
            Guid.Parse("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"),
            "navigation.request",
            new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_560),
            new { user_id = 10938 },
            new { url = "http://www.edx.org/some/path/1" });

        Assert.That(EventJson.Serialize(evt), Is.EqualTo(
            "{\"id\":\"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\",\"name\":\"navigation.request\","
            + "\"timestamp\":\"2026-11-23T12:00:00.123456+00:00\",\"context\":{\"user_id\":10938},"
            + "\"data\":{\"url\":\"http://www.edx.org/some/path/1\"}}"));
    }

    [Test]
    public void TimestampsOnDifferentDaysAreWrittenWithTheirOwnDate()
    {
        // Alternating days (the date part of the last day is cached), leap days, month and year ends, the extremes.
        var moments = new[]
        {
            new DateTimeOffset(2026, 11, 30, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_990),
            new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2024, 2, 29, 8, 30, 1, TimeSpan.Zero).AddTicks(120),
            new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.Zero),
            new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.FromHours(5)),
            DateTimeOffset.UnixEpoch,
            new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero),
        };

        foreach (var moment in moments.Concat(moments.Reverse()))
        {
            var json = EventJson.Serialize(new TrackingEvent(Guid.Empty, "x", moment));
            var expected = moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(json, Does.Contain($"\"timestamp\":\"{expected}\""), moment.ToString("O"));
        }
    }

    [Test]
    public void NestedDataAndTimestampsRoundTrip()
    {
        var memory = new InMemoryBackend();
        var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["m"] = memory });
        using (tracker.Context("request", new { user_id = 10938, roles = new[] { "staff", "learner" } }))
        {
            tracker.Emit("address.create", new
            {
                name = "Address",
                address = new { line1 = "1 Main Street", zip = "02115", floor = 3, geo = new { lat = 42.34, lon = -71.1 } },
                empty = new Dictionary<string, object?>(),
                flags = new object?[] { true, null, 1.5, new { nested = "yes" } },
            });
        }

        var original = memory.Events.Single();
        var parsed = EventJson.Parse(EventJson.Serialize(original));

        Assert.That(parsed.Id, Is.EqualTo(original.Id));
        Assert.That(parsed.Name, Is.EqualTo(original.Name));
        Assert.That(parsed.Timestamp, Is.EqualTo(original.Timestamp));
        Assert.That(EventJson.Serialize(parsed), Is.EqualTo(EventJson.Serialize(original)));
        var address = (IReadOnlyDictionary<string, object?>)parsed.Data["address"]!;
        Assert.That(address["floor"], Is.EqualTo(3L).And.TypeOf<long>());
        Assert.That(((IReadOnlyDictionary<string, object?>)address["geo"]!)["lat"], Is.EqualTo(42.34));
        Assert.That((IReadOnlyList<object?>)parsed.Context["roles"]!, Is.EqualTo(new[] { "staff", "learner" }));
        var flags = (IReadOnlyList<object?>)parsed.Data["flags"]!;
        Assert.That(flags[0], Is.EqualTo(true));
        Assert.That(flags[1], Is.Null);
        Assert.That(((IReadOnlyDictionary<string, object?>)flags[3]!)["nested"], Is.EqualTo("yes"));
    }

    [Test]
    public void ScalarsOfManyTypesAreWrittenReadably()
    {
        var evt = new TrackingEvent(Guid.Empty, "x", DateTimeOffset.UnixEpoch, data: new Dictionary<string, object?>
        {
            ["when"] = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)),
            ["id"] = Guid.Parse("11111111-2222-3333-4444-555555555555"),
            ["kind"] = DayOfWeek.Monday,
            ["bytes"] = new byte[] { 1, 2, 3 },
            ["price"] = 12.50m,
            ["nan"] = double.NaN,
            ["day"] = new DateOnly(2026, 1, 2),
            ["time"] = new TimeOnly(13, 45, 0),
            ["span"] = TimeSpan.FromMinutes(90),
        });

        using var doc = JsonDocument.Parse(EventJson.Serialize(evt));
        var data = doc.RootElement.GetProperty("data");
        Assert.That(data.GetProperty("when").GetString(), Is.EqualTo("2026-01-02T02:04:05.000000+00:00"));
        Assert.That(data.GetProperty("id").GetString(), Is.EqualTo("11111111-2222-3333-4444-555555555555"));
        Assert.That(data.GetProperty("kind").GetString(), Is.EqualTo("Monday"));
        Assert.That(data.GetProperty("bytes").GetString(), Is.EqualTo("AQID"));
        Assert.That(data.GetProperty("price").GetDecimal(), Is.EqualTo(12.50m));
        Assert.That(data.GetProperty("nan").GetString(), Is.EqualTo("NaN"));
        Assert.That(data.GetProperty("day").GetString(), Is.EqualTo("2026-01-02"));
        Assert.That(data.GetProperty("time").GetString(), Is.EqualTo("13:45:00.0000000"));
        Assert.That(data.GetProperty("span").GetString(), Is.EqualTo("01:30:00"));
    }

    [Test]
    public void ScalarPropertiesOfAnonymousObjectsAreWrittenAsTheSameValuesInADictionary()
    {
        var when = new DateTimeOffset(2026, 11, 30, 9, 8, 7, TimeSpan.FromHours(-5)).AddTicks(1_234_560);
        var id = Guid.Parse("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        var memory = new InMemoryBackend();
        var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["m"] = memory });
        using (tracker.Context("request", new { user_id = 10938, big = long.MinValue, staff = true, ratio = double.NaN, id, when }))
        {
            tracker.Emit("scalars", new { n = -7, l = 1L << 40, yes = false, d = 0.1, inf = double.PositiveInfinity, id, when });
        }

        var anonymous = memory.Events.Single();
        var dictionaries = anonymous with
        {
            Context = new Dictionary<string, object?> { ["user_id"] = 10938, ["big"] = long.MinValue, ["staff"] = true, ["ratio"] = double.NaN, ["id"] = id, ["when"] = when },
            Data = new Dictionary<string, object?> { ["n"] = -7, ["l"] = 1L << 40, ["yes"] = false, ["d"] = 0.1, ["inf"] = double.PositiveInfinity, ["id"] = id, ["when"] = when },
        };

        var json = EventJson.Serialize(anonymous);
        Assert.That(json, Is.EqualTo(EventJson.Serialize(dictionaries)));
        Assert.That(json, Does.Contain("\"user_id\":10938,\"big\":-9223372036854775808,\"staff\":true,\"ratio\":\"NaN\""));
        Assert.That(json, Does.Contain("\"when\":\"2026-11-30T14:08:07.123456+00:00\""));
    }

    [Test]
    public void TimestampsWithOtherOffsetsAreReadAsUtc()
    {
        var evt = EventJson.Parse("{\"id\":\"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\",\"name\":\"x\",\"timestamp\":\"2026-11-23T14:00:00.5+02:00\"}");

        Assert.That(evt.Timestamp, Is.EqualTo(new DateTimeOffset(2026, 11, 23, 12, 0, 0, 500, TimeSpan.Zero)));
        Assert.That(evt.Timestamp.Offset, Is.EqualTo(TimeSpan.Zero));
        Assert.That(evt.Context, Is.Empty);
        Assert.That(evt.Data, Is.Empty);
    }

    [TestCase("[]", "must be a JSON object")]
    [TestCase("{\"name\":\"x\",\"timestamp\":\"2026-11-23T12:00:00Z\"}", "no 'id'")]
    [TestCase("{\"id\":\"nope\",\"name\":\"x\",\"timestamp\":\"2026-11-23T12:00:00Z\"}", "'id' is not a GUID")]
    [TestCase("{\"id\":\"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\",\"name\":1,\"timestamp\":\"2026-11-23T12:00:00Z\"}", "'name' must be a JSON String")]
    [TestCase("{\"id\":\"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\",\"name\":\"x\",\"timestamp\":\"yesterday\"}", "'yesterday'")]
    [TestCase("{\"id\":\"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\",\"name\":\"x\",\"timestamp\":\"2026-11-23T12:00:00Z\",\"data\":[1]}", "'data' must be a JSON object")]
    [TestCase("{\"id\":\"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\",\"name\":\"x\",\"timestamp\":\"2026-11-23T12:00:00Z\",\"data\":{\"n\":[1e400]}}", "the number 1e400, which is beyond the range of a double")]
    public void MalformedEventsAreRejectedWithAMessageSayingWhy(string json, string expected)
    {
        var ex = Assert.Throws<JsonException>(() => EventJson.Parse(json));

        Assert.That(ex!.Message, Does.Contain(expected));
    }
}
