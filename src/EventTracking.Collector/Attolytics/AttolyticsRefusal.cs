namespace EventTracking.Collector;

/// <summary>Why a request is refused: the status Attolytics answered with, and a description for the developer.</summary>
internal sealed record AttolyticsRefusal(int Status, string Description);
