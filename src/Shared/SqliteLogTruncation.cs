using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace EventTracking;

/// <summary>
/// Empties a SQLite file's write-ahead log after an erasure, so no old copy of the erased rows stays in <c>-wal</c>.
/// </summary>
/// <remarks>
/// <c>PRAGMA wal_checkpoint(TRUNCATE)</c> reports "busy" instead of failing when another connection's checkpoint (a
/// <c>SqliteBackend</c>'s, which runs in the background) or a reader holds the log; it is tried again until it is done
/// or <c>patience</c> has passed. A reader that keeps an old snapshot longer than that leaves the log as it is, and
/// SQLite overwrites those pages later.
/// </remarks>
internal static class SqliteLogTruncation
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(10);

    /// <summary>Truncates the log, trying again while it is busy, for at most <paramref name="patience"/>.</summary>
    public static async Task TruncateAsync(SqliteConnection connection, TimeSpan patience)
    {
        var started = Stopwatch.GetTimestamp();
        while (!TryTruncate(connection) && Stopwatch.GetElapsedTime(started) < patience)
        {
            await Task.Delay(Pause).ConfigureAwait(false);
        }
    }

    /// <summary>The synchronous form of <see cref="TruncateAsync"/>, for callers whose SQLite work is synchronous already.</summary>
    public static void Truncate(SqliteConnection connection, TimeSpan patience)
    {
        var started = Stopwatch.GetTimestamp();
        while (!TryTruncate(connection) && Stopwatch.GetElapsedTime(started) < patience)
        {
            Thread.Sleep(Pause);
        }
    }

    // Whether the checkpoint ran to the end (its first column, "busy", is 0).
    private static bool TryTruncate(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        using var reader = command.ExecuteReader();
        return !reader.Read() || reader.GetInt64(0) == 0;
    }
}
