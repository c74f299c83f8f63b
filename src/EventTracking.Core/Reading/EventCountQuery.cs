using System.Globalization;

namespace EventTracking.Reading;

/// <summary>What <see cref="IEventReader.CountByNameAsync"/> counts: matching events by name per time bucket.</summary>
/// <example><c>new EventCountQuery { Filter = new EventFilter { From = now.AddHours(-1), To = now }, Bucket = TimeBucket.Minute }</c></example>
public sealed record EventCountQuery
{
    /// <summary>The most buckets one query may span, so a minute-wide count over years is refused rather than run.</summary>
    public const int MaxBuckets = 100_000;

    /// <summary>Which events. <see cref="EventFilter.From"/> is required; a missing <see cref="EventFilter.To"/> means now.</summary>
    public EventFilter Filter { get; init; } = EventFilter.All;

    /// <summary>The bucket width; an hour unless told otherwise.</summary>
    public TimeBucket Bucket { get; init; } = TimeBucket.Hour;

    /// <summary>The length of one bucket.</summary>
    /// <param name="bucket">The bucket width.</param>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined width.</exception>
    public static TimeSpan LengthOf(TimeBucket bucket) => bucket switch
    {
        TimeBucket.Minute => TimeSpan.FromMinutes(1),
        TimeBucket.Hour => TimeSpan.FromHours(1),
        TimeBucket.Day => TimeSpan.FromDays(1),
        _ => throw new ArgumentOutOfRangeException(nameof(bucket), bucket, $"TimeBucket has no value {(int)bucket}."),
    };

    /// <summary>The start of the UTC-aligned bucket that holds an instant.</summary>
    /// <param name="timestamp">The instant.</param>
    /// <param name="bucket">The bucket width.</param>
    public static DateTimeOffset BucketStart(DateTimeOffset timestamp, TimeBucket bucket)
    {
        var ticks = LengthOf(bucket).Ticks;
        var utc = timestamp.UtcTicks;
        return new DateTimeOffset(utc - (utc % ticks), TimeSpan.Zero);
    }

    /// <summary>Checks the filter, the start and the bucket count.</summary>
    /// <param name="now">The instant a missing <see cref="EventFilter.To"/> stands for.</param>
    /// <exception cref="ArgumentException">A value is invalid; the message names it.</exception>
    public void Validate(DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(Filter, "EventCountQuery.Filter");
        Filter.Validate();
        var length = LengthOf(Bucket);
        if (Filter.From is not { } from)
        {
            throw new ArgumentException("EventCountQuery.Filter.From is required: say where the counted range starts.", nameof(Filter));
        }

        var buckets = ((Filter.To ?? now) - from).Ticks / length.Ticks;
        if (buckets > MaxBuckets)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"EventCountQuery spans {buckets} {Bucket} buckets, more than {MaxBuckets}; use a wider bucket or a shorter range."),
                nameof(Bucket));
        }
    }
}
