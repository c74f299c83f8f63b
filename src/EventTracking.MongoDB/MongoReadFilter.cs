using System.Globalization;
using System.Text;
using EventTracking.Reading;
using MongoDB.Bson;

namespace EventTracking;

/// <summary>
/// Turns an <see cref="EventFilter"/> and a cursor into MongoDB query documents that agree with
/// <see cref="EventFilter.Matches"/> on the events <see cref="BsonEventMapper"/> stores.
/// </summary>
/// <remarks>
/// Stored timestamps are whole milliseconds, so a bound with a finer part is rounded up to the next millisecond: for a
/// whole-millisecond <c>t</c>, <c>t &gt;= from</c> and <c>t &lt; to</c> hold exactly when they hold against the rounded
/// bound. Ids are standard UUIDs, which MongoDB compares byte by byte: the order of their lowercase text.
/// </remarks>
internal static class MongoReadFilter
{
    private const long TicksPerMillisecond = TimeSpan.TicksPerMillisecond;

    private static readonly BsonArray UserTextTypes = ["string", "int", "long", "double", "decimal", "bool"];
    private static readonly BsonArray UserRawTypes = ["binData", "date"];

    /// <summary>The conditions of a filter joined with <c>$and</c>; an empty document for a filter with none.</summary>
    /// <param name="filter">The filter, already validated.</param>
    /// <param name="to">An upper bound that replaces a missing <see cref="EventFilter.To"/>, if any.</param>
    /// <param name="after">Continue strictly after this position in <paramref name="order"/>, if any.</param>
    /// <param name="order">The order <paramref name="after"/> is a position in.</param>
    public static BsonDocument Build(EventFilter filter, DateTimeOffset? to = null, EventCursor? after = null, EventOrder order = EventOrder.NewestFirst)
    {
        var conditions = new List<BsonDocument>();
        if (filter.Name is { } name)
        {
            conditions.Add(new BsonDocument("name", name));
        }

        if (filter.NamePrefix is { } prefix)
        {
            conditions.Add(new BsonDocument("name", new BsonRegularExpression(PrefixPattern(prefix))));
        }

        if (filter.From is { } from)
        {
            conditions.Add(new BsonDocument("timestamp", new BsonDocument("$gte", Ceiling(from))));
        }

        if ((filter.To ?? to) is { } upper)
        {
            conditions.Add(new BsonDocument("timestamp", new BsonDocument("$lt", Ceiling(upper))));
        }

        foreach (var (key, value) in filter.Context ?? new Dictionary<string, string>())
        {
            conditions.Add(ContextEquals(key, value));
        }

        if (after is { } cursor)
        {
            conditions.AddRange(After(cursor, order));
        }

        return conditions.Count switch
        {
            0 => [],
            1 => conditions[0],
            _ => new BsonDocument("$and", new BsonArray(conditions)),
        };
    }

    /// <summary>Events stamped strictly before an instant (retention).</summary>
    public static BsonDocument Before(DateTimeOffset cutoff) => new("timestamp", new BsonDocument("$lt", Ceiling(cutoff)));

    /// <summary>The sort of an order: (timestamp, _id), both descending or both ascending.</summary>
    public static BsonDocument Sort(EventOrder order)
    {
        var direction = order == EventOrder.NewestFirst ? -1 : 1;
        return new BsonDocument { { "timestamp", direction }, { "_id", direction } };
    }

    /// <summary>The stored form of an event id.</summary>
    public static BsonBinaryData Id(Guid id) => new(id, GuidRepresentation.Standard);

    /// <summary>
    /// An aggregation expression for the value of a top-level context key: a field path for an ordinary key,
    /// <c>$getField</c> (MongoDB 5.0) for a key that a path would misread (one with a dot, a leading <c>$</c> or a NUL).
    /// </summary>
    public static BsonValue ContextValue(string key) => IsPlainKey(key)
        ? new BsonString("$context." + key)
        : new BsonDocument("$getField", new BsonDocument { { "field", new BsonDocument("$literal", key) }, { "input", "$context" } });

    /// <summary>
    /// An aggregation expression for the user a context value names, or <c>null</c>: a string, number or boolean as its
    /// text (so <c>42</c> and <c>"42"</c> are one user), a UUID or a date as itself; anything else names no user.
    /// </summary>
    public static BsonDocument UserOf(string key)
    {
        var value = ContextValue(key);
        var type = new BsonDocument("$type", value);
        return new BsonDocument("$switch", new BsonDocument
        {
            {
                "branches", new BsonArray
                {
                    new BsonDocument { { "case", new BsonDocument("$in", new BsonArray { type, UserTextTypes }) }, { "then", new BsonDocument("$toString", value) } },
                    new BsonDocument { { "case", new BsonDocument("$in", new BsonArray { type, UserRawTypes }) }, { "then", value } },
                }
            },
            { "default", BsonNull.Value },
        });
    }

    /// <summary>The instant as a BSON date, rounded up to the next whole millisecond.</summary>
    public static BsonDateTime Ceiling(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks - DateTime.UnixEpoch.Ticks;
        var millis = Math.DivRem(ticks, TicksPerMillisecond, out var rest);
        return new BsonDateTime(rest > 0 ? millis + 1 : millis);
    }

    /// <summary>A PCRE pattern matching names that start with <paramref name="prefix"/>, every character literal.</summary>
    public static string PrefixPattern(string prefix)
    {
        var pattern = new StringBuilder("^", prefix.Length * 2 + 1);
        foreach (var c in prefix)
        {
            if (char.IsAsciiLetterOrDigit(c) || c > '\u007f')
            {
                pattern.Append(c);
            }
            else if (c < ' ' || c == '\u007f')
            {
                pattern.Append(CultureInfo.InvariantCulture, $"\\x{{{(int)c:x}}}");
            }
            else
            {
                // PCRE reads a backslash before any other ASCII character as that character.
                pattern.Append('\\').Append(c);
            }
        }

        return pattern.ToString();
    }

    /// <summary>
    /// The stored values a context filter value matches, as <see cref="EventFilter.Matches"/> compares them: the
    /// string itself, a boolean for <c>true</c>/<c>false</c>, a number whose invariant text is the value, a UUID whose
    /// text is the value. MongoDB compares numbers by value across types.
    /// </summary>
    public static BsonArray Candidates(string value)
    {
        var candidates = new BsonArray { value };
        if (value is "true" or "false")
        {
            candidates.Add(value == "true");
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
            && integer.ToString(CultureInfo.InvariantCulture) == value)
        {
            candidates.Add(new BsonInt64(integer));
        }
        else if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
            && real.ToString(CultureInfo.InvariantCulture) == value)
        {
            candidates.Add(new BsonDouble(real));
        }
        else if (decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var exact)
            && exact.ToString(CultureInfo.InvariantCulture) == value)
        {
            candidates.Add(new BsonDecimal128(exact));
        }

        if (value.Length == 36 && Guid.TryParseExact(value, "D", out var guid) && guid.ToString("D") == value)
        {
            candidates.Add(Id(guid));
        }

        return candidates;
    }

    private static BsonDocument ContextEquals(string key, string value)
    {
        var candidates = Candidates(value);
        if (IsPlainKey(key))
        {
            // A query path would also match an array holding the value; the filter wants the value itself.
            return new BsonDocument("context." + key, new BsonDocument
            {
                { "$in", candidates },
                { "$not", new BsonDocument("$type", "array") },
            });
        }

        return new BsonDocument("$expr", new BsonDocument("$in", new BsonArray { ContextValue(key), new BsonDocument("$literal", candidates) }));
    }

    private static BsonDocument[] After(EventCursor cursor, EventOrder order)
    {
        var newestFirst = order == EventOrder.NewestFirst;
        var at = Ceiling(cursor.Timestamp);
        if (cursor.Timestamp.UtcTicks % TicksPerMillisecond != 0)
        {
            // No stored event shares a timestamp with a cursor between two milliseconds.
            return [new BsonDocument("timestamp", new BsonDocument(newestFirst ? "$lt" : "$gte", at))];
        }

        // The lone bound on timestamp lets the (timestamp, _id) index start at the cursor; the $or breaks the tie.
        var (bound, strict) = newestFirst ? ("$lte", "$lt") : ("$gte", "$gt");
        return
        [
            new BsonDocument("timestamp", new BsonDocument(bound, at)),
            new BsonDocument("$or", new BsonArray
            {
                new BsonDocument("timestamp", new BsonDocument(strict, at)),
                new BsonDocument("_id", new BsonDocument(strict, Id(cursor.Id))),
            }),
        ];
    }

    private static bool IsPlainKey(string key) =>
        !key.StartsWith('$') && !key.Contains('.', StringComparison.Ordinal) && !key.Contains('\0', StringComparison.Ordinal);
}
