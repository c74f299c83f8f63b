using Npgsql;

namespace EventTracking.Tests;

/// <summary>
/// PostgreSQL refuses the writer for a while: its role loses LOGIN and its sessions are terminated, as when a
/// database is restarted or failed over. The async node retries; nothing is lost, nothing is stored twice.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class RefusedConnectionTests
{
    private string _server = null!;
    private string _table = null!;
    private string _role = null!;

    [SetUp]
    public async Task CreateRole()
    {
        _server = PostgresServer.Require();
        _table = PostgresServer.NewTableName();
        _role = "r_" + _table;
        await PostgresServer.ExecuteAsync(_server, $"CREATE ROLE {_role} LOGIN; GRANT CREATE, USAGE ON SCHEMA public TO {_role};");
    }

    [TearDown]
    public async Task DropRole()
    {
        if (_role is not null && _server is { Length: > 0 })
        {
            await PostgresServer.ExecuteAsync(_server, $"DROP TABLE IF EXISTS \"{_table}\"; DROP OWNED BY {_role}; DROP ROLE IF EXISTS {_role};");
        }
    }

    [Test]
    public async Task EventsSentWhileTheServerRefusesTheWriterAreRetriedAndStoredExactlyOnce()
    {
        var writer = new NpgsqlConnectionStringBuilder(_server) { Username = _role, Pooling = false, Timeout = 3 }.ConnectionString;
        await using var store = new FailureSignal(new PostgreSqlBackend(new PostgreSqlBackendOptions { ConnectionString = writer, Table = _table }));
        var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["pg"] = store },
            options: new AsyncRoutingOptions { MaxRetries = 1000, RetryBaseDelay = TimeSpan.FromMilliseconds(20), MaxBatchSize = 100 });
        await using var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["store"] = node });
        var next = 0;

        Emit(tracker, 250);
        await tracker.FlushAsync();
        await PostgresServer.ExecuteAsync(_server, $"ALTER ROLE {_role} NOLOGIN; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{_role}';");
        Emit(tracker, 500);
        await store.Failed.WaitAsync(TimeSpan.FromSeconds(30));
        Emit(tracker, 250);
        await PostgresServer.ExecuteAsync(_server, $"ALTER ROLE {_role} LOGIN;");
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await tracker.FlushAsync(timeout.Token);
        }

        Assert.That(store.Failures, Is.GreaterThan(0), "the server never refused a batch");
        Assert.That(node.Undelivered, Is.Zero);
        Assert.That(await PostgresServer.ScalarAsync<long>(_server, $"SELECT count(*) FROM \"{_table}\""), Is.EqualTo(1000));
        Assert.That(await PostgresServer.ScalarAsync<long>(_server, $"SELECT count(DISTINCT data->>'n') FROM \"{_table}\""), Is.EqualTo(1000));

        void Emit(Tracker t, int count)
        {
            for (var i = 0; i < count; i++)
            {
                t.Emit("retry.test", new { n = next++ });
            }
        }
    }

    /// <summary>Passes batches to the store and completes <see cref="Failed"/> when the store first throws.</summary>
    private sealed class FailureSignal(PostgreSqlBackend inner) : IBatchEventBackend, IAsyncDisposable
    {
        private readonly TaskCompletionSource _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _failures;

        public Task Failed => _failed.Task;

        public int Failures => Volatile.Read(ref _failures);

        public void Send(TrackingEvent evt) => inner.Send(evt);

        public async ValueTask SendBatchAsync(IReadOnlyList<TrackingEvent> batch, CancellationToken cancellationToken)
        {
            try
            {
                await inner.SendBatchAsync(batch, cancellationToken);
            }
            catch
            {
                Interlocked.Increment(ref _failures);
                _failed.TrySetResult();
                throw;
            }
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
