using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;

namespace EventTracking.Tests.Mongo;

/// <summary>Renders what the reader hands the driver the way the driver renders it for the server: with its serializer registry.</summary>
internal static class MongoRendering
{
    private static readonly RenderArgs<BsonDocument> Args = new(BsonDocumentSerializer.Instance, BsonSerializer.SerializerRegistry);

    public static BsonDocument Filter(BsonDocument filter) => new BsonDocumentFilterDefinition<BsonDocument>(filter).Render(Args);

    public static BsonDocument Sort(BsonDocument sort) => new BsonDocumentSortDefinition<BsonDocument>(sort).Render(Args);

    public static IList<BsonDocument> Pipeline(BsonDocument[] stages) =>
        PipelineDefinition<BsonDocument, BsonDocument>.Create(stages).Render(Args).Documents;

    /// <summary>The document as a server receives it: serialized to BSON bytes (which refuses what BSON cannot hold) and read back.</summary>
    public static BsonDocument OverTheWire(BsonDocument document) => BsonSerializer.Deserialize<BsonDocument>(document.ToBson());
}
