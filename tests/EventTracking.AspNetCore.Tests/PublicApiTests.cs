using EventTracking.Tests;

namespace EventTracking.AspNetCore.Tests;

public sealed class PublicApiTests
{
    [Test]
    public void ThePublicApiOfEventTrackingAspNetCoreIsApproved() => PublicApiApproval.Verify(typeof(EventTrackingBuilder).Assembly);
}
