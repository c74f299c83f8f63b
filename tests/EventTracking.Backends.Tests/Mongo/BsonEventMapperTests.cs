using MongoDB.Bson;

namespace EventTracking.Tests.Mongo;

[TestFixture]
public sealed class BsonEventMapperTests
{
    private enum Mode
    {
        Audit,
        Verified,
    }

    [Test]
    public void ADocumentHoldsTheIdNameTimestampContextAndData()
    {
        var evt = new TrackingEvent(
            Guid.CreateVersion7(),
            "navigation.request",
            new DateTimeOffset(2026, 11, 23, 13, 0, 0, 123, TimeSpan.FromHours(1)).AddTicks(4560),
            new { user_id = 10938 },
            new { url = "http://www.edx.org/some/path/1" });

        var document = BsonEventMapper.ToBsonDocument(evt);

        Assert.Multiple(() =>
        {
            Assert.That(document.Names, Is.EqualTo(new[] { "_id", "name", "timestamp", "context", "data" }));
            Assert.That(document["_id"].AsBsonBinaryData.SubType, Is.EqualTo(BsonBinarySubType.UuidStandard));
            Assert.That(document["_id"].AsBsonBinaryData.ToGuid(GuidRepresentation.Standard), Is.EqualTo(evt.Id));
            Assert.That(document["name"].AsString, Is.EqualTo("navigation.request"));
            Assert.That(document["timestamp"].ToUniversalTime(), Is.EqualTo(new DateTime(2026, 11, 23, 12, 0, 0, 123, DateTimeKind.Utc)), "a BSON date, in UTC, to the millisecond");
            Assert.That(document["context"].AsBsonDocument, Is.EqualTo(new BsonDocument("user_id", 10938)));
            Assert.That(document["data"].AsBsonDocument, Is.EqualTo(new BsonDocument("url", "http://www.edx.org/some/path/1")));
        });
    }

    [Test]
    public void ScalarsMapToTheirNaturalBsonTypes()
    {
        var guid = Guid.NewGuid();
        var expectations = new (object? Value, BsonValue Expected)[]
        {
            (null, BsonNull.Value),
            ("text", new BsonString("text")),
            (true, BsonBoolean.True),
            ('c', new BsonString("c")),
            (42, new BsonInt32(42)),
            ((short)-7, new BsonInt32(-7)),
            ((byte)7, new BsonInt32(7)),
            (uint.MaxValue, new BsonInt64(uint.MaxValue)),
            (long.MinValue, new BsonInt64(long.MinValue)),
            (42UL, new BsonInt64(42)),
            (ulong.MaxValue, new BsonDecimal128(new Decimal128(ulong.MaxValue))),
            (1.5, new BsonDouble(1.5)),
            (0.5f, new BsonDouble(0.5)),
            ((Half)2, new BsonDouble(2)),
            (12.345m, new BsonDecimal128(12.345m)),
            (new DateTimeOffset(2026, 1, 2, 5, 4, 5, TimeSpan.FromHours(2)), new BsonDateTime(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc))),
            (new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Unspecified), new BsonDateTime(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc))),
            (guid, new BsonBinaryData(guid, GuidRepresentation.Standard)),
            (new byte[] { 1, 2, 3 }, new BsonBinaryData([1, 2, 3], BsonBinarySubType.Binary)),
            (Mode.Verified, new BsonString("Verified")),
            (TimeSpan.FromSeconds(90), new BsonString("00:01:30")),
            (new DateOnly(2026, 1, 2), new BsonString("2026-01-02")),
            (new Uri("https://example.org/a?b=1"), new BsonString("https://example.org/a?b=1")),
            (Int128.MaxValue, new BsonString("170141183460469231731687303715884105727")),
        };

        Assert.Multiple(() =>
        {
            foreach (var (value, expected) in expectations)
            {
                Assert.That(BsonEventMapper.ToBsonValue(value), Is.EqualTo(expected), $"{value?.GetType().Name}: {value}");
            }
        });
    }

    [Test]
    public void NestedDictionariesListsAndAnonymousObjectsBecomeDocumentsAndArrays()
    {
        var evt = TestEvents.Create(data: new
        {
            course = new { id = "course-v1:edX+DemoX", modes = new[] { Mode.Audit, Mode.Verified } },
            scores = new List<object?> { 1, 2.5m, null, new Dictionary<string, object?> { ["deep"] = new Dictionary<string, int> { ["x"] = 1 } } },
        });

        var data = BsonEventMapper.ToBsonDocument(evt)["data"].AsBsonDocument;

        var expected = BsonDocument.Parse("""
            { course: { id: "course-v1:edX+DemoX", modes: ["Audit", "Verified"] },
              scores: [1, NumberDecimal("2.5"), null, { deep: { x: 1 } }] }
            """);
        Assert.That(data, Is.EqualTo(expected));
    }

    [Test]
    public void AKeyWithANulCharacterFailsThatEventWithAClearError()
    {
        var evt = TestEvents.Create("bad.key", data: new Dictionary<string, object?> { ["ok"] = 1, ["nested"] = new Dictionary<string, object?> { ["a\0b"] = 1 } });

        var ex = Assert.Throws<EventMappingException>(() => BsonEventMapper.ToBsonDocument(evt));

        Assert.That(ex!.EventId, Is.EqualTo(evt.Id));
        Assert.That(ex.EventName, Is.EqualTo("bad.key"));
        Assert.That(ex.Message, Does.Contain("'bad.key'").And.Contain("data.nested").And.Contain("NUL"));
    }

    [Test]
    public void TextWithALoneSurrogateFailsThatEventWhenSerialized()
    {
        var evt = TestEvents.Create("bad.text", data: new { text = "a\ud800b" });

        var ex = Assert.Throws<EventMappingException>(() => BsonEventMapper.ToRawDocument(evt));

        Assert.That(ex!.EventId, Is.EqualTo(evt.Id));
        Assert.That(ex.Message, Does.Contain("cannot be stored in MongoDB"));
    }

    [Test]
    public void ADocumentLargerThanSixteenMebibytesFailsThatEvent()
    {
        var evt = TestEvents.Create(data: new { blob = new byte[BsonEventMapper.MaxDocumentSize] });

        var ex = Assert.Throws<EventMappingException>(() => BsonEventMapper.ToRawDocument(evt));

        Assert.That(ex!.Message, Does.Contain("16777216"));
    }

    [Test]
    public void TheRawDocumentIsTheSerializedDocument()
    {
        var evt = TestEvents.Create(context: new { user_id = 1 }, data: new { a = new[] { 1, 2 } });

        using var raw = BsonEventMapper.ToRawDocument(evt);

        Assert.That(raw.ToBsonDocument(), Is.EqualTo(BsonEventMapper.ToBsonDocument(evt)));
    }

    [Test]
    public void AStoredDocumentReadsBackAsTheEvent()
    {
        var guid = Guid.NewGuid();
        var evt = new TrackingEvent(
            Guid.CreateVersion7(),
            "edx.course.enrollment.activated",
            new DateTimeOffset(2026, 11, 23, 12, 0, 0, 123, TimeSpan.Zero),
            new { user_id = 10938L, course = new { id = "c1" } },
            new { amount = 12.5m, ref_id = guid, bytes = new byte[] { 9 }, list = new object?[] { 1, "two", null }, at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) });

        var read = BsonEventMapper.FromBsonDocument(BsonEventMapper.ToBsonDocument(evt));

        Assert.Multiple(() =>
        {
            Assert.That(read.Id, Is.EqualTo(evt.Id));
            Assert.That(read.Name, Is.EqualTo(evt.Name));
            Assert.That(read.Timestamp, Is.EqualTo(evt.Timestamp));
            Assert.That(read.Context["user_id"], Is.EqualTo(10938L));
            Assert.That(((IReadOnlyDictionary<string, object?>)read.Context["course"]!)["id"], Is.EqualTo("c1"));
            Assert.That(read.Data["amount"], Is.EqualTo(12.5m));
            Assert.That(read.Data["ref_id"], Is.EqualTo(guid));
            Assert.That(read.Data["bytes"], Is.EqualTo(new byte[] { 9 }));
            Assert.That(read.Data["list"], Is.EqualTo(new object?[] { 1, "two", null }));
            Assert.That(read.Data["at"], Is.EqualTo(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        });
    }

    [Test]
    public void ADocumentWithoutAUuidIdIsNotAnEvent()
    {
        var document = new BsonDocument { { "_id", ObjectId.GenerateNewId() }, { "name", "x" }, { "timestamp", DateTime.UtcNow } };
        Assert.Throws<FormatException>(() => BsonEventMapper.FromBsonDocument(document));
    }
}
