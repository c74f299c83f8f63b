using System.Reflection;
using System.Runtime.CompilerServices;

namespace EventTracking.Tests;

public sealed class PublicApiTests
{
    [Test]
    public void ThePublicApiOfEventTrackingCoreIsApproved() => PublicApiApproval.Verify(typeof(Tracker).Assembly);

    [Test]
    public void NoOtherPackageSeesCoresInternals()
    {
        // Packages version independently; a package that reached Core's internals would break on any Core release.
        var friends = typeof(Tracker).Assembly.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName);

        Assert.That(friends, Is.All.EndsWith(".Tests"));
    }
}
