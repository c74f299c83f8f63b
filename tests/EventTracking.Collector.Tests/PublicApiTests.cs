using EventTracking.Tests;

namespace EventTracking.Collector.Tests;

public sealed class PublicApiTests
{
    [Test]
    public void ThePublicApiOfEventTrackingCollectorIsApproved() => PublicApiApproval.Verify(typeof(EventCollectorOptions).Assembly);
}
