namespace EventTracking.Tests;

public sealed class PublicApiTests
{
    [Test]
    public void ThePublicApiOfEventTrackingSqliteIsApproved() => PublicApiApproval.Verify(typeof(SqliteBackend).Assembly);

    [Test]
    public void ThePublicApiOfEventTrackingMongoDbIsApproved() => PublicApiApproval.Verify(typeof(MongoBackend).Assembly);

    [Test]
    public void ThePublicApiOfEventTrackingSerilogIsApproved() => PublicApiApproval.Verify(typeof(SerilogBackend).Assembly);

    [Test]
    public void ThePublicApiOfEventTrackingHttpIsApproved() => PublicApiApproval.Verify(typeof(HttpBackend).Assembly);
}
