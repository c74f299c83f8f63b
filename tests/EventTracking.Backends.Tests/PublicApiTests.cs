namespace EventTracking.Tests;

public sealed class PublicApiTests
{
    [Test]
    public void ThePublicApiOfEventTrackingBackendsIsApproved() => PublicApiApproval.Verify(typeof(HttpBackend).Assembly);
}
