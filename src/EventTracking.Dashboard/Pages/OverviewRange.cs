using EventTracking.Reading;

namespace EventTracking.Dashboard.Pages;

/// <summary>The ranges the overview offers and the bucket each is drawn in.</summary>
internal sealed record OverviewRange(string Key, string Label, TimeSpan Length, TimeBucket Bucket)
{
    public static readonly OverviewRange[] All =
    [
        new("1h", "Last hour", TimeSpan.FromHours(1), TimeBucket.Minute),
        new("6h", "Last 6 hours", TimeSpan.FromHours(6), TimeBucket.Minute),
        new("24h", "Last 24 hours", TimeSpan.FromHours(24), TimeBucket.Hour),
        new("7d", "Last 7 days", TimeSpan.FromDays(7), TimeBucket.Hour),
        new("30d", "Last 30 days", TimeSpan.FromDays(30), TimeBucket.Day),
    ];

    public static OverviewRange Default => All[2];

    public static OverviewRange? Find(string? key) =>
        key is null ? Default : Array.Find(All, r => string.Equals(r.Key, key, StringComparison.OrdinalIgnoreCase));
}
