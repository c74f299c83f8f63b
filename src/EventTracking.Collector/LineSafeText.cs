namespace EventTracking.Collector;

/// <summary>How the collector's refusals name what <see cref="LogText.IsLineSafe"/> refuses, in one wording for every surface.</summary>
internal static class LineSafeText
{
    /// <summary>What a value must not hold to be kept as sent and shown in a listing or a log line.</summary>
    public const string UnsafeKinds = "a control or format character, a line break or an unpaired surrogate";
}
