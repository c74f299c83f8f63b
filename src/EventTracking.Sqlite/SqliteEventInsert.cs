using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EventTracking;

/// <summary>
/// The backend's one prepared <c>INSERT … ON CONFLICT (id) DO NOTHING</c>, run on the connection's SQLite handle and
/// kept for the connection's life. Values are bound by position straight from UTF-8 (the id, the timestamp and the JSON
/// of context and data are written into reused buffers and never become .NET strings), so a row costs one bind per
/// column and one step: no command, data reader or parameter lookup by name per row. Not thread-safe; used under the
/// backend's write lock, inside the transaction the backend began on the same connection.
/// </summary>
internal sealed class SqliteEventInsert : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _statement;
    private readonly JsonColumnWriter _context = new();
    private readonly JsonColumnWriter _data = new();
    private byte[] _name = new byte[256];
    private IReadOnlyDictionary<string, object?>? _lastContext;
    private long _bytesBound;

    public SqliteEventInsert(SqliteConnection connection, string table)
    {
        _connection = connection;
        var rc = raw.sqlite3_prepare_v2(connection.Handle, SqliteSchema.Insert(table), out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement?.Dispose();
            SqliteException.ThrowExceptionForRC(rc, connection.Handle);
        }

        _statement = statement!;
    }

    /// <summary>Returns the bytes of every row bound since the last call, and starts counting again.</summary>
    public long TakeBytesBound()
    {
        var bytes = _bytesBound;
        _bytesBound = 0;
        return bytes;
    }

    /// <summary>Inserts one event.</summary>
    /// <returns>Whether it was inserted; <see langword="false"/> when an event with its id is stored already.</returns>
    /// <exception cref="SqliteException">SQLite refused the row; the statement is reset and may be run again.</exception>
    public bool Insert(TrackingEvent evt)
    {
        var statement = _statement;
        Span<byte> id = stackalloc byte[36];
        evt.Id.TryFormat(id, out _);
        Bind(raw.sqlite3_bind_text(statement, 1, id));
        var nameLength = Encoding.UTF8.GetMaxByteCount(evt.Name.Length);
        if (nameLength > _name.Length)
        {
            _name = new byte[nameLength];
        }

        var name = _name.AsSpan(0, Encoding.UTF8.GetBytes(evt.Name, _name));
        Bind(raw.sqlite3_bind_text(statement, 2, name));
        Span<byte> timestamp = stackalloc byte[CanonicalTimestamp.Length];
        CanonicalTimestamp.Write(evt.Timestamp, timestamp);
        Bind(raw.sqlite3_bind_text(statement, 3, timestamp));
        var context = ContextJson(evt.Context);
        Bind(raw.sqlite3_bind_text(statement, 4, context));
        var data = _data.WriteUtf8(evt.Data);
        Bind(raw.sqlite3_bind_text(statement, 5, data));
        _bytesBound += id.Length + name.Length + timestamp.Length + context.Length + data.Length;
        try
        {
            var rc = raw.sqlite3_step(statement);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
            }

            return raw.sqlite3_changes(_connection.Handle) == 1;
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    /// <summary>Finalizes the statement; call before the connection closes.</summary>
    public void Dispose() => _statement.Dispose();

    // Events emitted inside the same context share one immutable context dictionary, so consecutive events usually
    // render the same context: the last rendering stays in the context buffer and is bound again.
    private ReadOnlySpan<byte> ContextJson(IReadOnlyDictionary<string, object?> context)
    {
        if (ReferenceEquals(context, _lastContext))
        {
            return _context.Written;
        }

        _lastContext = null;
        var json = _context.WriteUtf8(context);
        _lastContext = context;
        return json;
    }

    private void Bind(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        }
    }
}
