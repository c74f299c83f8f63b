namespace EventTracking.Tests;

public sealed class PublicApiTests
{
    [Test]
    public void ThePublicApiOfEventTrackingPostgreSqlIsApproved() => PublicApiApproval.Verify(typeof(PostgreSqlBackend).Assembly);
}
