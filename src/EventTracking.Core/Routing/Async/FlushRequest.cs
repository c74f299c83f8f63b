namespace EventTracking;

/// <summary>One call to <see cref="AsyncRoutingBackend.FlushAsync"/>, as the node's worker sees it.</summary>
internal sealed class FlushRequest(bool dispatchOnly = false)
{
    /// <summary>Whether only <see cref="Dispatched"/> matters (a test hook); such a request does not hurry the lanes.</summary>
    public bool DispatchOnly { get; } = dispatchOnly;

    /// <summary>Completes when every event accepted before the request has been through the processors and into the lanes.</summary>
    public TaskCompletionSource Dispatched { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when every such event is delivered or has definitively failed.</summary>
    public TaskCompletionSource Completed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
