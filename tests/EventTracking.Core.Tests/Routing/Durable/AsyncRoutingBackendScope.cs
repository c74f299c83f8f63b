namespace EventTracking.Tests.Routing.Durable;

/// <summary>Disposes a node synchronously at the end of a <c>using</c>, for tests that are not async.</summary>
internal sealed class AsyncRoutingBackendScope(AsyncRoutingBackend node) : IDisposable
{
    public AsyncRoutingBackend Node { get; } = node;

    public void Dispose() => Node.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
