namespace EventTracking.AspNetCore;

/// <summary>Settings of the retention service that <c>AddEventRetention</c> registers.</summary>
public sealed class EventRetentionOptions
{
    /// <summary>Events stamped longer ago than this are deleted. Required: at least one hour.</summary>
    public TimeSpan MaxAge { get; set; }

    /// <summary>How many events one delete takes (one short transaction, so writers wait little): 1 000 unless told otherwise (1 to 100 000).</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>The pause between two batches, which lets writers in: 50 ms unless told otherwise (0 to 1 min).</summary>
    public TimeSpan PauseBetweenBatches { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How often a pass runs: every hour unless told otherwise (1 min to 1 day). The first pass runs at start.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public void Validate()
    {
        if (MaxAge < TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"EventRetentionOptions.MaxAge must be at least one hour, not {MaxAge}: set how long events are kept.", nameof(MaxAge));
        }

        if (BatchSize is < 1 or > 100_000)
        {
            throw new ArgumentException($"EventRetentionOptions.BatchSize must be between 1 and 100000, not {BatchSize}.", nameof(BatchSize));
        }

        if (PauseBetweenBatches < TimeSpan.Zero || PauseBetweenBatches > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"EventRetentionOptions.PauseBetweenBatches must be between 0 and one minute, not {PauseBetweenBatches}.", nameof(PauseBetweenBatches));
        }

        if (Interval < TimeSpan.FromMinutes(1) || Interval > TimeSpan.FromDays(1))
        {
            throw new ArgumentException($"EventRetentionOptions.Interval must be between one minute and one day, not {Interval}.", nameof(Interval));
        }
    }
}
