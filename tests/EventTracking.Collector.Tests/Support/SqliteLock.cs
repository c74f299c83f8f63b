using Microsoft.Data.Sqlite;

namespace EventTracking.Collector.Tests.Support;

/// <summary>Holds a SQLite database's write lock from a second connection, as another process would, until disposed.</summary>
internal sealed class SqliteLock : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;

    private SqliteLock(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        _transaction = _connection.BeginTransaction(deferred: false);
        using var write = _connection.CreateCommand();
        write.Transaction = _transaction;
        write.CommandText = "CREATE TABLE IF NOT EXISTS lock_holder (x INTEGER);";
        write.ExecuteNonQuery();
    }

    public static SqliteLock Hold(string path) => new(path);

    public void Dispose()
    {
        _transaction.Rollback();
        _transaction.Dispose();
        _connection.Dispose();
    }
}
