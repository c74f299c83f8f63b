namespace EventTracking;

/// <summary>
/// A processor whose failure must not let the event through unchanged: a privacy processor (redaction, consent) that
/// throws has not done its job, so the router drops the event (logged, counted as a processor failure and as dropped
/// with reason <c>processor_failed</c>) instead of passing it on as it does for other processors.
/// </summary>
internal interface IFailClosedProcessor
{
}
