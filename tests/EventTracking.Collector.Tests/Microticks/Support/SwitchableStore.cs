namespace EventTracking.Collector.Tests.Microticks.Support;

/// <summary>A second store that fails every delivery while <see cref="Failing"/> is set.</summary>
internal sealed class SwitchableStore : IBatchEventBackend
{
    public bool Failing { get; set; }

    public void Send(TrackingEvent evt) => Fail();

    public ValueTask SendBatchAsync(IReadOnlyList<TrackingEvent> batch, CancellationToken cancellationToken)
    {
        Fail();
        return ValueTask.CompletedTask;
    }

    private void Fail()
    {
        if (Failing)
        {
            throw new InvalidOperationException("the second store is down");
        }
    }
}
