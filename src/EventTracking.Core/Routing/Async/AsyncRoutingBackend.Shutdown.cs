using Microsoft.Extensions.Logging;

namespace EventTracking;

/// <summary>Shutdown: stop the intake, drain within the timeout, then count what is left as <c>shutdown_timeout</c>.</summary>
public sealed partial class AsyncRoutingBackend
{
    private async Task ShutdownAsync(TaskCompletionSource shutdown)
    {
        try
        {
            _intake.Close();
            WakeBlockedProducers();
            WakeWorker();
            if (!await DrainAsync().ConfigureAwait(false))
            {
                lock (_lanesGate)
                {
                    _deadlinePassed = true;
                }

                foreach (var lane in SyncLanes())
                {
                    lane.Abandon();
                }

                await _deadline.CancelAsync().ConfigureAwait(false);
                WakeWorker();

                // The worker's waits all end on abandonment; it counts what is left in the intake, then stops.
                await _worker.ConfigureAwait(false);
                Log.ShutdownIncomplete(Logger, Name, Undelivered, _options.ShutdownTimeout);
            }

            _drops.Report();
        }
        catch (Exception ex)
        {
            Log.WorkerFaulted(Logger, ex, Name);
        }
        finally
        {
            CloseBuffer();
            AsyncNodeRegistry.Remove(this);
            shutdown.TrySetResult();
        }
    }

    /// <summary>Waits for the worker and then every lane to finish, within the shutdown timeout.</summary>
    /// <returns>Whether everything finished in time.</returns>
    private async Task<bool> DrainAsync()
    {
        var drained = DrainCoreAsync();
        using var timeout = new CancellationTokenSource();
        var expired = Task.Delay(_options.ShutdownTimeout, _options.TimeProvider, timeout.Token);
        var first = await Task.WhenAny(drained, expired).ConfigureAwait(false);
        await timeout.CancelAsync().ConfigureAwait(false);
        return first == drained;

        async Task DrainCoreAsync()
        {
            await _worker.ConfigureAwait(false);
            await Task.WhenAll(Array.ConvertAll(SyncLanes(), l => l.Completion)).ConfigureAwait(false);
        }
    }
}
