namespace EventTracking;

/// <summary>What an <see cref="AsyncRoutingBackend"/> needs from a child's lane, in memory (<see cref="DeliveryLane"/>) or durable (<see cref="DurableLane"/>).</summary>
internal interface IChildLane
{
    string Name { get; }

    /// <summary>Events waiting for this child.</summary>
    int Count { get; }

    /// <summary>Completes when the lane's loop has ended.</summary>
    Task Completion { get; }

    AsyncChildStatus Status();

    /// <summary>Completes when every event given to the lane so far is delivered or has definitively failed.</summary>
    Task WhenSettledAsync();

    /// <summary>No more events will come: deliver what is there, then end.</summary>
    void Complete();

    /// <summary>Gives up at the shutdown deadline.</summary>
    void Abandon();
}
