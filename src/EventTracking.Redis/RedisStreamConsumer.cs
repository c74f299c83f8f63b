using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace EventTracking;

/// <summary>
/// Reads a Redis stream with a consumer group and hands each batch to a tracker with acknowledged delivery
/// (<see cref="ITracker.DeliverAsync"/>); acknowledges (<c>XACK</c>) the entries only once every store committed them.
/// Runs as a hosted service; <c>AddRedisStreamConsumer(section)</c> registers one.
/// </summary>
/// <remarks>
/// <para>
/// The group is created (with the stream) when missing. Each consumer first re-reads its own unacknowledged entries,
/// then new ones; every <see cref="RedisStreamConsumerOptions.ClaimInterval"/> it takes over (<c>XAUTOCLAIM</c>) entries
/// another consumer has held for longer than <see cref="RedisStreamConsumerOptions.ClaimIdleTime"/>, so a crashed
/// consumer's entries are delivered by the survivors.
/// </para>
/// <para>
/// Delivery is at least once: an entry whose acknowledgement was lost, or that a slow consumer held past the idle time,
/// is delivered again. Stores keyed on the event id (SQLite, PostgreSQL, MongoDB) keep one copy. A batch whose delivery
/// fails is retried with backoff. A batch that failed <see cref="RedisStreamConsumerOptions.MaxDeliveries"/> times is
/// delivered again in halves (and halves of failing halves), so only the entries that fail on their own are moved to the
/// dead-letter stream and their neighbours are stored; an entry that holds no valid event goes there at once. Both are
/// counted as <c>eventtracking.redis.dead_lettered</c>. The search is bounded: after 32 more failed attempts on one batch
/// (a store outage rather than a bad entry) what is left is dead-lettered whole.
/// </para>
/// <para>
/// Each entry counts once on <c>eventtracking.events.emitted</c>, when read for the first time: retries and entries given
/// out before (claimed, or re-read from this consumer's pending list) go through <see cref="ITracker.RedeliverAsync"/>,
/// and the latter count on <c>eventtracking.redis.redelivered</c>.
/// </para>
/// <para>
/// Stopping finishes the batch being delivered (until the host's shutdown timeout cancels it) and acknowledges it;
/// entries not acknowledged stay pending for a consumer to claim. Redis outages are logged and retried; the health check
/// reports them.
/// </para>
/// <para>
/// The <c>eventtracking.redis.*</c> instruments are on the <c>EventTracking</c> meter of the container that registered the
/// consumer (<c>AddRedisStreamConsumer</c>). A consumer built by hand counts on the library's own meter unless it is
/// built inside <see cref="EventTrackingDiagnostics.UseMeterFactory"/> or given a meter factory with
/// <see cref="UseMeterFactory"/>.
/// </para>
/// </remarks>
public sealed partial class RedisStreamConsumer : BackgroundService, IEventTrackingMeterUser
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly RedisStreamConsumerOptions _options;
    private readonly ITracker _tracker;
    private readonly ILogger _logger;
    private readonly ConfigurationOptions? _configuration;
    private readonly bool _ownsConnection;
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _metricsGate = new();
    private volatile RedisStreamInstruments _metrics = RedisStreamMetrics.Instruments.Current;
    private bool _gaugesRegistered;
    private IConnectionMultiplexer? _connection;
    private bool _groupReady;
    private bool _historyDone;
    private RedisValue _claimCursor = "0-0";
    private DateTimeOffset _nextClaim;
    private DateTimeOffset _nextMetrics;
    private long _consumed;
    private long _claimed;
    private long _deadLettered;

    /// <summary>Creates a consumer that opens its own connection when started.</summary>
    /// <param name="options">The settings; copied.</param>
    /// <param name="tracker">The tracker whose routing tree stores the events.</param>
    /// <param name="logger">Where Redis outages and failed deliveries are logged.</param>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public RedisStreamConsumer(RedisStreamConsumerOptions options, ITracker tracker, ILogger<RedisStreamConsumer>? logger = null)
        : this(options, tracker, logger, connection: null)
    {
    }

    /// <summary>Creates a consumer over a connection the caller owns (not disposed here).</summary>
    /// <param name="options">The settings; copied. <see cref="RedisStreamConsumerOptions.ConnectionString"/> is not used.</param>
    /// <param name="tracker">The tracker whose routing tree stores the events.</param>
    /// <param name="logger">Where Redis outages and failed deliveries are logged.</param>
    /// <param name="connection">The connection.</param>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public RedisStreamConsumer(RedisStreamConsumerOptions options, ITracker tracker, ILogger<RedisStreamConsumer>? logger, IConnectionMultiplexer? connection)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tracker);
        _options = options.Clone();
        if (connection is not null && string.IsNullOrWhiteSpace(_options.ConnectionString))
        {
            _options.ConnectionString = "(shared connection)";
        }

        _options.Validate();
        _tracker = tracker;
        _logger = logger ?? NullLogger<RedisStreamConsumer>.Instance;
        _connection = connection;
        _ownsConnection = connection is null;
        _configuration = connection is null ? RedisConnections.Parse(_options.ConnectionString, "RedisStreamConsumerOptions.ConnectionString") : null;
        MetricTags = RedisStreamMetrics.Tags(_options);
    }

    /// <summary>The stream this consumer reads.</summary>
    public string Stream => _options.Stream;

    /// <summary>The consumer group.</summary>
    public string Group => _options.Group;

    /// <summary>This consumer's name in the group.</summary>
    public string Consumer => _options.Consumer;

    /// <summary>Events delivered and acknowledged by this consumer since it started.</summary>
    public long Consumed => Interlocked.Read(ref _consumed);

    /// <summary>Entries this consumer took over from other consumers.</summary>
    public long Claimed => Interlocked.Read(ref _claimed);

    /// <summary>Entries this consumer moved to the dead-letter stream.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>The group's lag (entries not read yet) at the last refresh; <see langword="null"/> before the first one.</summary>
    public long? LastLag { get; private set; }

    /// <summary>The group's pending entries (read, not acknowledged) at the last refresh; <see langword="null"/> before the first one.</summary>
    public long? LastPending { get; private set; }

    /// <summary>The last Redis or delivery error, cleared by the next success; <see langword="null"/> when all is well.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Whether the last error came from the stores (a failed delivery) rather than from Redis.</summary>
    public bool LastErrorWasDelivery { get; private set; }

    internal KeyValuePair<string, object?>[] MetricTags { get; }

    /// <summary>Whether the connection is up now (false before the first connection and while the client reconnects).</summary>
    internal bool IsConnected => Volatile.Read(ref _connection)?.IsConnected ?? false;

    /// <summary>
    /// Moves this consumer's counters, and its lag and pending gauges, onto the <c>EventTracking</c> meter that
    /// <paramref name="meterFactory"/> creates (an application's container's factory, say): what it records from then on
    /// is published there and no longer on the meter it was built with. Call it before <c>StartAsync</c> for a consumer
    /// built by hand; <c>AddRedisStreamConsumer</c> builds its consumer on the container's meter already.
    /// </summary>
    /// <param name="meterFactory">The meter factory.</param>
    /// <exception cref="ArgumentNullException"><paramref name="meterFactory"/> is null.</exception>
    public void UseMeterFactory(IMeterFactory meterFactory)
    {
        var next = RedisStreamMetrics.Instruments.For(meterFactory);
        lock (_metricsGate)
        {
            var previous = _metrics;
            if (ReferenceEquals(previous, next))
            {
                return;
            }

            _metrics = next;
            if (_gaugesRegistered)
            {
                previous.Unregister(this);
                next.Register(this);
            }
        }
    }

    /// <summary>Stops reading, lets the batch in hand finish until <paramref name="cancellationToken"/> fires, then returns.</summary>
    /// <param name="cancellationToken">The host's shutdown deadline: cancels the delivery in progress.</param>
    /// <returns>A task that completes when the consumer has stopped.</returns>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        using var abort = cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), _abort);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the consumer if running and closes the connection it opened.</summary>
    public override void Dispose()
    {
        lock (_metricsGate)
        {
            _metrics.Unregister(this);
            _gaugesRegistered = false;
        }

        base.Dispose();
        if (_ownsConnection)
        {
            _connection?.Dispose();
        }

        _abort.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lock (_metricsGate)
        {
            _metrics.Register(this);
            _gaugesRegistered = true;
        }

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _connection ??= await ConnectAsync(stoppingToken).ConfigureAwait(false);
                var database = _connection.GetDatabase();

                // Redis commands take no token and wait up to the client's timeout while Redis is away: stopping does not
                // wait for them. Entries a read abandoned this way stay pending for this consumer, or for one that claims them.
                var (entries, redelivered) = await ReadNextAsync(database).WaitAsync(stoppingToken).ConfigureAwait(false);
                if (entries.Length == 0)
                {
                    ClearError();
                    await Task.Delay(_options.PollInterval, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                await HandleAsync(database, entries, redelivered, stoppingToken).ConfigureAwait(false);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // The stream or the group is gone (deleted, or Redis restarted without persistence): create them again.
                if (ex is RedisServerException server
                    && (server.Message.StartsWith("NOGROUP", StringComparison.Ordinal) || server.Message.Contains("no such key", StringComparison.OrdinalIgnoreCase)))
                {
                    _groupReady = false;
                }

                _historyDone = false; // An acknowledgement may have been lost: re-read this consumer's pending entries.

                SetError(ex, delivery: false);
                Log.RedisFailed(_logger, _options.Stream, _options.Group, ex);
                if (!await BackOffAsync(++failures, stoppingToken).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
    }

    // Only the first attempt on entries read for the first time counts them on eventtracking.events.emitted: retries and
    // entries given out before (counted on eventtracking.redis.redelivered) go through RedeliverAsync, so each entry is
    // counted emitted once in the group.
    private async Task HandleAsync(IDatabase database, StreamEntry[] entries, bool redelivered, CancellationToken stoppingToken)
    {
        var (events, delivered, invalid, trimmed) = RedisStreamEntries.Parse(entries);
        if (trimmed.Count > 0)
        {
            // Trimmed (MAXLEN) while pending: nothing is left to deliver, and left unacknowledged they would come back for ever.
            await database.StreamAcknowledgeAsync(_options.Stream, _options.Group, RedisStreamEntries.Ids(trimmed)).ConfigureAwait(false);
        }

        foreach (var (entry, error) in invalid)
        {
            await DeadLetterAsync(database, [entry], RedisStreamEntries.InvalidReason, error).ConfigureAwait(false);
        }

        if (redelivered && delivered.Count > 0)
        {
            _metrics.Redelivered.Add(delivered.Count, MetricTags);
        }

        for (var attempt = 1; delivered.Count > 0; attempt++)
        {
            try
            {
                await (attempt == 1 && !redelivered ? _tracker.DeliverAsync(events, _abort.Token) : _tracker.RedeliverAsync(events, _abort.Token))
                    .ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !_abort.IsCancellationRequested)
            {
                _metrics.DeliveryFailures.Add(1, MetricTags);
                SetError(ex, delivery: true);
                Log.DeliveryFailed(_logger, delivered.Count, attempt, _options.Stream, ex);
                if (attempt >= _options.MaxDeliveries)
                {
                    await IsolateAsync(database, events, delivered, ex, stoppingToken).ConfigureAwait(false);
                    return;
                }

                if (!await BackOffAsync(attempt, stoppingToken).ConfigureAwait(false))
                {
                    return; // Stopping: the entries stay pending for a consumer to claim.
                }

                continue;
            }

            await AcknowledgeAsync(database, delivered).ConfigureAwait(false);
            ClearError();
            return;
        }
    }

    private async Task<bool> BackOffAsync(int attempt, CancellationToken stoppingToken)
    {
        var delay = Math.Min(_options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20)), MaxRetryDelay.TotalMilliseconds);
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(delay), stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void SetError(Exception ex, bool delivery) => (LastError, LastErrorWasDelivery) = (ex, delivery);

    private void ClearError() => (LastError, LastErrorWasDelivery) = (null, false);
}
