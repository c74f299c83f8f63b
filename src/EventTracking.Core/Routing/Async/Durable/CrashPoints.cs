namespace EventTracking;

/// <summary>
/// Named points inside the durable buffer's file operations (a segment begun, a group written but not yet fsynced, a
/// position being saved, ...), where the kill -9 test's producer process kills itself to prove that a crash at any of
/// them loses nothing committed. No hook is set outside that test program.
/// </summary>
internal static class CrashPoints
{
    /// <summary>Called with the point's name; set only by the test producer (tests/EventTracking.DurabilityProducer).</summary>
    internal static Action<string>? Hook { get; set; }

    public static void Reach(string point) => Hook?.Invoke(point);
}
