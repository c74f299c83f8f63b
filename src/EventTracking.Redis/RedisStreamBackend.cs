using StackExchange.Redis;

namespace EventTracking;

/// <summary>
/// Appends events to a Redis stream, one entry per event with the fields <c>id</c> and <c>event</c> (canonical JSON),
/// so that <see cref="RedisStreamConsumer"/>s on other machines store them. A batch is sent as one pipeline of
/// <c>XADD</c>s.
/// </summary>
/// <remarks>
/// <para>
/// The connection opens on the first event and reconnects by itself after the server goes away. While Redis cannot be
/// reached, <see cref="SendBatchAsync"/> throws a <see cref="RedisException"/> (or a <see cref="TimeoutException"/>);
/// under an <see cref="AsyncRoutingBackend"/> the batch is retried. A retry may append an event that did reach Redis a
/// second time (the reply was lost): consumers deliver it twice and stores keyed on the event id keep one copy.
/// </para>
/// <para>When another component owns the connection, pass its <see cref="IConnectionMultiplexer"/>; it is not disposed here.</para>
/// </remarks>
public sealed class RedisStreamBackend : IBatchEventBackend, IHealthProbe, IAsyncDisposable, IDisposable
{
    private readonly RedisStreamBackendOptions _options;
    private readonly ConfigurationOptions? _configuration;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly bool _ownsConnection;
    private readonly RedisKey _stream;
    private IConnectionMultiplexer? _connection;
    private volatile bool _disposed;

    /// <summary>Creates a backend for the server and stream the options name. Nothing is opened until the first event.</summary>
    /// <param name="options">The settings; copied.</param>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public RedisStreamBackend(RedisStreamBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _options.Validate();
        _configuration = RedisConnections.Parse(_options.ConnectionString, "RedisStreamBackendOptions.ConnectionString");
        _ownsConnection = true;
        _stream = _options.Stream;
    }

    /// <summary>Creates a backend that appends to <paramref name="stream"/> over a connection the caller owns.</summary>
    /// <param name="connection">The connection; not disposed by this backend.</param>
    /// <param name="stream">The stream key.</param>
    /// <param name="maxLength">An approximate cap on the stream's length; see <see cref="RedisStreamBackendOptions.MaxLength"/>.</param>
    /// <exception cref="ArgumentException">The stream is empty or the cap is not positive.</exception>
    public RedisStreamBackend(IConnectionMultiplexer connection, string stream, long? maxLength = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _options = new RedisStreamBackendOptions { ConnectionString = "(shared connection)", Stream = stream, MaxLength = maxLength };
        _options.Validate();
        _connection = connection;
        _stream = stream;
    }

    /// <summary>The stream key the events are appended to.</summary>
    public string Stream => _options.Stream;

    /// <summary>Appends one event with a single <c>XADD</c>.</summary>
    /// <param name="evt">The event.</param>
    /// <exception cref="RedisException">Redis could not be reached or refused the command.</exception>
    /// <exception cref="ObjectDisposedException">The backend was disposed.</exception>
    public void Send(TrackingEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = _connection ?? Connect();
        connection.GetDatabase().StreamAdd(_stream, Fields(evt), maxLength: _options.MaxLength, useApproximateMaxLength: true);
    }

    /// <summary>Appends a batch as one pipeline of <c>XADD</c>s and waits for every reply.</summary>
    /// <param name="batch">The events, appended in this order.</param>
    /// <param name="cancellationToken">Stops waiting for the connection; commands already sent complete on the server.</param>
    /// <exception cref="RedisException">Redis could not be reached or refused a command; some events may have been appended.</exception>
    /// <exception cref="ObjectDisposedException">The backend was disposed.</exception>
    public async ValueTask SendBatchAsync(IReadOnlyList<TrackingEvent> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (batch.Count == 0)
        {
            return;
        }

        var connection = _connection ?? await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var pipeline = connection.GetDatabase().CreateBatch();
        var replies = new Task[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            replies[i] = pipeline.StreamAddAsync(_stream, Fields(batch[i]), maxLength: _options.MaxLength, useApproximateMaxLength: true);
        }

        pipeline.Execute();
        await Task.WhenAll(replies).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends <c>PING</c>.</summary>
    /// <param name="cancellationToken">Cancelled when the health check times out.</param>
    /// <returns>Reachable, or unreachable with the error.</returns>
    public async ValueTask<HealthProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = _connection ?? await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await connection.GetDatabase().PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            return HealthProbeResult.Reachable;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthProbeResult.Unreachable("Redis did not answer: " + ex.Message, ex);
        }
    }

    /// <summary>Closes the connection the backend opened (not one it was given). Later sends throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            if (_ownsConnection)
            {
                _connection?.Dispose();
            }
        }
    }

    /// <summary>Closes the connection the backend opened (not one it was given). Later sends throw <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            if (_ownsConnection && _connection is not null)
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static NameValueEntry[] Fields(TrackingEvent evt) =>
        [new(RedisStreamFields.Id, evt.Id.ToString()), new(RedisStreamFields.Event, EventJson.Serialize(evt))];

    private IConnectionMultiplexer Connect()
    {
        _connectLock.Wait();
        try
        {
            return _connection ??= ConnectionMultiplexer.Connect(_configuration!);
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async ValueTask<IConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken)
    {
        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _connection ??= await ConnectionMultiplexer.ConnectAsync(_configuration!).ConfigureAwait(false);
        }
        finally
        {
            _connectLock.Release();
        }
    }
}
