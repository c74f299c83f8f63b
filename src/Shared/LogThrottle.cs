namespace EventTracking;

/// <summary>
/// Lets a repeated warning through at most once per interval and counts the ones it held back, so a flood of
/// identical faults cannot flood the application's log while none goes unmentioned.
/// </summary>
internal sealed class LogThrottle(TimeSpan interval, TimeProvider timeProvider)
{
    /// <summary>The interval the backends use.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private long _lastLogged;
    private bool _loggedOnce;
    private long _suppressed;

    /// <summary>Asks whether a warning may be logged now.</summary>
    /// <param name="suppressed">When allowed, how many warnings were held back since the last one that was logged.</param>
    /// <returns><see langword="true"/> if the caller should log.</returns>
    public bool TryAcquire(out long suppressed)
    {
        var now = timeProvider.GetTimestamp();
        lock (_gate)
        {
            if (_loggedOnce && timeProvider.GetElapsedTime(_lastLogged, now) < interval)
            {
                _suppressed++;
                suppressed = 0;
                return false;
            }

            _loggedOnce = true;
            _lastLogged = now;
            suppressed = _suppressed;
            _suppressed = 0;
            return true;
        }
    }
}
