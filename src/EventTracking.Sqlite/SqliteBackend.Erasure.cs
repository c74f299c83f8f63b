namespace EventTracking;

/// <summary>Erasure for <see cref="SqliteBackend"/>: deletes a user's events between batches.</summary>
public sealed partial class SqliteBackend : IErasableStore
{
    private SqliteEventEraser? _eraser;

    /// <summary>
    /// Deletes every stored event whose erasure fields hold the user's id or one of its keyed hashes, waiting for the
    /// batch being written first; see <see cref="SqliteEventEraser"/>.
    /// </summary>
    /// <param name="erasure">Whose events, and where the id is stored.</param>
    /// <param name="cancellationToken">Stops waiting for the writer; a delete that has begun is finished.</param>
    /// <returns>How many events were deleted.</returns>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The file could not be written; nothing was deleted.</exception>
    /// <exception cref="ObjectDisposedException">The backend was disposed.</exception>
    public async ValueTask<long> EraseUserAsync(UserErasure erasure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _eraser ??= new SqliteEventEraser(_options);
            return await _eraser.EraseUserAsync(erasure, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
