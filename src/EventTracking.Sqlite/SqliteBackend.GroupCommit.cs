namespace EventTracking;

/// <content>Group commit: concurrent batches share one transaction, and each caller still returns only after its commit.</content>
public sealed partial class SqliteBackend
{
    private readonly Lock _pendingGate = new();
    private List<PendingBatch> _pending = [];

    // Every caller queues its batch, then waits for the writer. Whoever gets the writer takes everything queued so far
    // and commits it as one transaction (one WAL sync for all of them), then completes each caller's task. A caller
    // whose batch another writer took just waits for that commit. If the shared transaction fails, each batch is
    // written again in its own transaction, so one bad batch fails only its own caller.
    private async ValueTask CommitInGroupAsync(IReadOnlyList<TrackingEvent> batch, CancellationToken cancellationToken)
    {
        var pending = new PendingBatch(batch);
        lock (_pendingGate)
        {
            _pending.Add(pending);
        }

        try
        {
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_pendingGate)
            {
                if (_pending.Remove(pending))
                {
                    throw;
                }
            }

            // A writer took the batch already: its transaction has begun, so wait for it to finish.
            await pending.Completion.Task.ConfigureAwait(false);
            return;
        }

        try
        {
            List<PendingBatch> group;
            lock (_pendingGate)
            {
                (group, _pending) = (_pending, []);
            }

            if (group.Count > 0)
            {
                WriteGroup(group);
            }
        }
        finally
        {
            _writeLock.Release();
        }

        await pending.Completion.Task.ConfigureAwait(false);
    }

    // Called with _writeLock held.
    private void WriteGroup(List<PendingBatch> group)
    {
        try
        {
            Write(group.ConvertAll(static p => p.Events));
            group.ForEach(static p => p.Completion.TrySetResult());
            return;
        }
        catch (Exception ex) when (group.Count == 1 || ex is ObjectDisposedException
            || (ex is Microsoft.Data.Sqlite.SqliteException sqlite && SqliteSchema.IsBusy(sqlite)))
        {
            // A busy file or a closed backend fails every batch alike; trying each again would only wait longer.
            group.ForEach(p => p.Completion.TrySetException(ex));
            return;
        }
        catch (Exception)
        {
            // Written apart below, so the error reaches only the batch that causes it.
        }

        foreach (var pending in group)
        {
            try
            {
                Write([pending.Events]);
                pending.Completion.TrySetResult();
            }
            catch (Exception ex)
            {
                pending.Completion.TrySetException(ex);
            }
        }
    }

    private sealed class PendingBatch(IReadOnlyList<TrackingEvent> events)
    {
        public IReadOnlyList<TrackingEvent> Events { get; } = events;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
