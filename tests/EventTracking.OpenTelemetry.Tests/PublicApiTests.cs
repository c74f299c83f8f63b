using EventTracking.Tests;

namespace EventTracking.OpenTelemetry.Tests;

public sealed class PublicApiTests
{
    [Test]
    public void ThePublicApiOfEventTrackingOpenTelemetryIsApproved() => PublicApiApproval.Verify(typeof(OpenTelemetryBackend).Assembly);
}
