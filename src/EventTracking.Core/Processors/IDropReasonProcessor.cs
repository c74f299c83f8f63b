namespace EventTracking;

/// <summary>
/// A processor whose drops are counted under a reason of its own (<c>consent</c>, <c>sampled</c>) on the
/// <c>eventtracking.events.dropped</c> counter, instead of the generic <c>processor</c>.
/// </summary>
internal interface IDropReasonProcessor
{
    /// <summary>The <c>reason</c> tag of the events this processor drops.</summary>
    string DropReason { get; }
}
