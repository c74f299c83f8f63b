using MongoDB.Bson;

namespace EventTracking;

/// <summary>The MongoDB filter of an erasure: any erasure field holding the id (as text or, if integral, as a number) or a keyed hash.</summary>
internal static class MongoErasureFilter
{
    public static BsonDocument Build(UserErasure erasure)
    {
        var values = new BsonArray(erasure.Values.Select(v => new BsonString(v)));
        if (erasure.IntegerValue is { } number)
        {
            // MongoDB compares numbers across types, so one Int64 also matches an Int32 or a whole Double.
            values.Add(new BsonInt64(number));
        }

        var clauses = new BsonArray(erasure.Fields.Select(field =>
        {
            var dot = field.IndexOf('.', StringComparison.Ordinal);
            var section = string.Equals(field[..dot], "context", StringComparison.OrdinalIgnoreCase) ? "context" : "data";
            return new BsonDocument($"{section}{field[dot..]}", new BsonDocument("$in", values));
        }));
        return clauses.Count == 1 ? clauses[0].AsBsonDocument : new BsonDocument("$or", clauses);
    }
}
