using EventTracking.Tests;

namespace EventTracking.Dashboard.Tests;

public sealed class PublicApiTests
{
    [Test]
    public void ThePublicApiIsApproved() => PublicApiApproval.Verify(typeof(EventTrackingDashboardOptions).Assembly);
}
