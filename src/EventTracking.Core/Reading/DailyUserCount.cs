namespace EventTracking.Reading;

/// <summary>How many distinct users were seen on one UTC day.</summary>
/// <param name="Day">The UTC day.</param>
/// <param name="Users">How many distinct values of the user key.</param>
public sealed record DailyUserCount(DateOnly Day, long Users);
