using System.Runtime.InteropServices;

namespace EventTracking.Benchmarks;

/// <summary>The calling thread's CPU time (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>), for the thread-cpu runners.</summary>
internal static partial class ThreadCpuClock
{
    private const int ThreadCpuClockId = 3;

    /// <summary>Nanoseconds of CPU the calling thread has used.</summary>
    public static double Now()
    {
        _ = ClockGetTime(ThreadCpuClockId, out var time);
        return (time.Seconds * 1e9) + time.Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
