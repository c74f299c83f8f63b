namespace EventTracking.Tests;

public sealed class PublicApiTests
{
    [Test]
    public void ThePublicApiOfEventTrackingCoreIsApproved() => PublicApiApproval.Verify(typeof(Tracker).Assembly);
}
