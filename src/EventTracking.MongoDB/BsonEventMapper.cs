using System.Globalization;
using MongoDB.Bson;

namespace EventTracking;

/// <summary>Turns events into the BSON documents <see cref="MongoBackend"/> stores, and back.</summary>
/// <remarks>
/// <para>
/// A document is <c>{ _id, name, timestamp, context, data }</c>: <c>_id</c> is the event id as a UUID (binary
/// subtype 4, the standard representation), <c>timestamp</c> a BSON date, <c>context</c> and <c>data</c> nested
/// documents.
/// </para>
/// <para>
/// Values map as follows: strings, booleans and <see cref="char"/> to strings and booleans; 8-, 16- and 32-bit integers
/// to <c>int</c>; <see cref="uint"/>, <see cref="long"/> and <see cref="ulong"/> to <c>long</c> (a <see cref="ulong"/>
/// too large for it to <c>decimal</c>); <see cref="float"/>, <see cref="double"/> and <see cref="Half"/> to
/// <c>double</c>; <see cref="decimal"/> to <c>decimal</c> (Decimal128); <see cref="DateTimeOffset"/> and
/// <see cref="DateTime"/> to BSON dates (UTC, milliseconds; an unspecified <see cref="DateTime"/> is taken as UTC);
/// <see cref="Guid"/> to UUIDs; byte arrays to binary; enums to their names; dictionaries (and anonymous objects,
/// which events hold as dictionaries) to documents; lists to arrays. Anything else that formats itself
/// (<see cref="TimeSpan"/>, <see cref="DateOnly"/>, <see cref="Uri"/>, <see cref="Int128"/>, …) becomes its
/// invariant-culture text, as in <see cref="EventJson"/>.
/// </para>
/// <para>
/// BSON dates hold milliseconds, so the microseconds of <see cref="TrackingEvent.Timestamp"/> are not stored.
/// </para>
/// </remarks>
public static class BsonEventMapper
{
    /// <summary>The largest document MongoDB accepts: 16 MiB.</summary>
    public const int MaxDocumentSize = 16 * 1024 * 1024;

    /// <summary>Builds the document for one event.</summary>
    /// <param name="evt">The event.</param>
    /// <exception cref="EventMappingException">A key or a value of the event cannot be represented in BSON.</exception>
    public static BsonDocument ToBsonDocument(TrackingEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        try
        {
            return new BsonDocument
            {
                { "_id", new BsonBinaryData(evt.Id, GuidRepresentation.Standard) },
                { "name", evt.Name },
                { "timestamp", new BsonDateTime(evt.Timestamp.UtcDateTime) },
                { "context", ToDocument(evt.Context, "context") },
                { "data", ToDocument(evt.Data, "data") },
            };
        }
        catch (ArgumentException ex)
        {
            throw new EventMappingException(evt.Id, evt.Name, $"Event '{evt.Name}' ({evt.Id}) cannot be stored in MongoDB: {ex.Message}", ex);
        }
    }

    /// <summary>Builds the document for one event and serializes it, so that nothing can fail later on its way to the server.</summary>
    /// <param name="evt">The event.</param>
    /// <exception cref="EventMappingException">The event cannot be represented in BSON, or its document is larger than <see cref="MaxDocumentSize"/>.</exception>
    internal static RawBsonDocument ToRawDocument(TrackingEvent evt)
    {
        var document = ToBsonDocument(evt);
        byte[] bytes;
        try
        {
            bytes = document.ToBson();
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or System.Text.EncoderFallbackException or BsonException)
        {
            // Strings are written as strict UTF-8, so text holding a lone surrogate fails here.
            throw new EventMappingException(evt.Id, evt.Name, $"Event '{evt.Name}' ({evt.Id}) cannot be stored in MongoDB: {ex.Message}", ex);
        }

        if (bytes.Length > MaxDocumentSize)
        {
            throw new EventMappingException(
                evt.Id,
                evt.Name,
                string.Create(CultureInfo.InvariantCulture, $"Event '{evt.Name}' ({evt.Id}) cannot be stored in MongoDB: its document is {bytes.Length} bytes, more than the {MaxDocumentSize} bytes MongoDB accepts."));
        }

        return new RawBsonDocument(bytes);
    }

    /// <summary>Converts one normalized event value (a scalar, a dictionary or a list) to BSON.</summary>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentException">The value, or a value nested in it, cannot be represented in BSON; the message says where.</exception>
    public static BsonValue ToBsonValue(object? value) => Map(value, "value");

    /// <summary>Reads an event back from a document written by <see cref="ToBsonDocument"/>.</summary>
    /// <param name="document">The document.</param>
    /// <exception cref="FormatException">The document is not a stored event.</exception>
    /// <remarks>
    /// Integers come back as <see cref="int"/> or <see cref="long"/>, Decimal128 as <see cref="decimal"/>, dates as
    /// <see cref="DateTimeOffset"/> (UTC), UUIDs as <see cref="Guid"/>, other binary as byte arrays, and any other BSON
    /// type (an ObjectId, a regular expression, …) as its text.
    /// </remarks>
    public static TrackingEvent FromBsonDocument(BsonDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (!document.TryGetValue("_id", out var id) || !id.IsBsonBinaryData || ((BsonBinaryData)id).SubType != BsonBinarySubType.UuidStandard)
        {
            throw new FormatException("A stored event needs an '_id' that is a standard UUID.");
        }

        if (!document.TryGetValue("name", out var name) || !name.IsString)
        {
            throw new FormatException("A stored event needs a string 'name'.");
        }

        if (!document.TryGetValue("timestamp", out var timestamp) || !timestamp.IsValidDateTime)
        {
            throw new FormatException("A stored event needs a date 'timestamp'.");
        }

        return new TrackingEvent(
            ((BsonBinaryData)id).ToGuid(GuidRepresentation.Standard),
            name.AsString,
            new DateTimeOffset(timestamp.ToUniversalTime(), TimeSpan.Zero),
            document.TryGetValue("context", out var context) && context.IsBsonDocument ? FromBson(context) : null,
            document.TryGetValue("data", out var data) && data.IsBsonDocument ? FromBson(data) : null);
    }

    private static BsonDocument ToDocument(IReadOnlyDictionary<string, object?> values, string path)
    {
        var document = new BsonDocument(allowDuplicateNames: false);
        foreach (var (key, item) in values)
        {
            if (key.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"the key '{key.Replace("\0", "\\0", StringComparison.Ordinal)}' in '{path}' contains a NUL character, which BSON field names cannot hold.");
            }

            document.Add(key, Map(item, path + "." + key));
        }

        return document;
    }

    private static BsonValue Map(object? value, string path) => value switch
    {
        null => BsonNull.Value,
        string s => new BsonString(s),
        bool b => b ? BsonBoolean.True : BsonBoolean.False,
        int i => new BsonInt32(i),
        long l => new BsonInt64(l),
        double d => new BsonDouble(d),
        decimal m => new BsonDecimal128(m),
        DateTimeOffset dto => new BsonDateTime(dto.UtcDateTime),
        DateTime dt => new BsonDateTime(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime()),
        Guid g => new BsonBinaryData(g, GuidRepresentation.Standard),
        byte[] bytes => new BsonBinaryData(bytes, BsonBinarySubType.Binary),
        Enum e => new BsonString(e.ToString()),
        short or ushort or byte or sbyte => new BsonInt32(Convert.ToInt32(value, CultureInfo.InvariantCulture)),
        uint u => new BsonInt64(u),
        ulong ul => ul <= long.MaxValue ? new BsonInt64((long)ul) : new BsonDecimal128(new Decimal128(ul)),
        float f => new BsonDouble(f),
        Half h => new BsonDouble((double)h),
        char c => new BsonString(c.ToString()),
        IReadOnlyDictionary<string, object?> dict => ToDocument(dict, path),
        IReadOnlyList<object?> list => ToArray(list, path),
        IFormattable => new BsonString(EventJson.FormatScalar(value)),
        _ => throw new ArgumentException($"'{path}' holds a {value.GetType()}, which has no BSON form; events hold scalars, dictionaries and lists."),
    };

    private static BsonArray ToArray(IReadOnlyList<object?> list, string path)
    {
        var array = new BsonArray(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            array.Add(Map(list[i], string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]")));
        }

        return array;
    }

    private static object? FromBson(BsonValue value)
    {
        switch (value.BsonType)
        {
            case BsonType.Null or BsonType.Undefined: return null;
            case BsonType.String: return value.AsString;
            case BsonType.Boolean: return value.AsBoolean;
            case BsonType.Int32: return value.AsInt32;
            case BsonType.Int64: return value.AsInt64;
            case BsonType.Double: return value.AsDouble;
            case BsonType.Decimal128: return Decimal128.ToDecimal(value.AsDecimal128);
            case BsonType.DateTime: return new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero);
            case BsonType.Binary:
                var binary = value.AsBsonBinaryData;
                return binary.SubType == BsonBinarySubType.UuidStandard ? binary.ToGuid(GuidRepresentation.Standard) : binary.Bytes;
            case BsonType.Document:
                var dict = new Dictionary<string, object?>(value.AsBsonDocument.ElementCount, StringComparer.Ordinal);
                foreach (var element in value.AsBsonDocument)
                {
                    dict[element.Name] = FromBson(element.Value);
                }

                return dict;
            case BsonType.Array:
                var list = new List<object?>(value.AsBsonArray.Count);
                foreach (var item in value.AsBsonArray)
                {
                    list.Add(FromBson(item));
                }

                return list;
            default: return value.ToString();
        }
    }
}
