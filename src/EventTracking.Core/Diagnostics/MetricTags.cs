namespace EventTracking;

/// <summary>
/// The attribute names on the library's metrics and spans, namespaced as OpenTelemetry's conventions ask
/// (listed in docs/opentelemetry.md).
/// </summary>
internal static class MetricTags
{
    /// <summary>The async routing node (its <see cref="AsyncRoutingOptions.Name"/>), or the router where an event was dropped.</summary>
    public const string Node = "eventtracking.node";

    /// <summary>The child backend's name in its router.</summary>
    public const string Backend = "eventtracking.backend";

    /// <summary>The processor's type name.</summary>
    public const string Processor = "eventtracking.processor";

    /// <summary>Why an event was dropped (see DropReasons).</summary>
    public const string DropReason = "eventtracking.drop.reason";

    /// <summary>Whether a delivery attempt succeeded: <c>success</c> or <c>failure</c>.</summary>
    public const string Outcome = "eventtracking.outcome";

    /// <summary>How many events a delivered batch held (on spans).</summary>
    public const string BatchSize = "eventtracking.batch.size";
}
