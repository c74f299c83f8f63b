namespace EventTracking.Tests;

public sealed class PublicApiTests
{
    [Test]
    public void ThePublicApiOfEventTrackingRedisIsApproved() => PublicApiApproval.Verify(typeof(RedisStreamBackend).Assembly);
}
