using System.Diagnostics;

namespace EventTracking;

/// <summary>
/// One child lane's failure bookkeeping, shared by the in-memory and the durable lane: consecutive failures and the
/// last one (for <see cref="AsyncChildStatus"/>), the failure and recovery logs, the backoff between attempts, and the
/// batch-duration and failure instruments tagged with the node and the child.
/// </summary>
internal sealed class LaneHealth
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly AsyncRoutingBackend _node;
    private readonly AsyncRoutingOptions _options;
    private readonly string _lane;
    private readonly Lock _gate = new();
    private int _consecutiveFailures;
    private Exception? _lastFailure;
    private DateTimeOffset? _lastFailureAt;

    public LaneHealth(AsyncRoutingBackend node, AsyncRoutingOptions options, string lane)
    {
        _node = node;
        _options = options;
        _lane = lane;
        Tags = [new(MetricTags.Node, node.Name), new(MetricTags.Backend, lane)];
    }

    /// <summary>The node and child tags every instrument of the lane carries.</summary>
    public KeyValuePair<string, object?>[] Tags { get; }

    /// <summary>Whether the last attempt failed.</summary>
    public bool IsFailing => Volatile.Read(ref _consecutiveFailures) > 0;

    public AsyncChildStatus Status(int queued)
    {
        lock (_gate)
        {
            return new AsyncChildStatus(_lane, queued, _consecutiveFailures, _lastFailure, _lastFailureAt);
        }
    }

    /// <summary>Exponential backoff with jitter: between half and all of <c>base × 2^attempt</c>, capped.</summary>
    public TimeSpan RetryDelay(int attempt)
    {
        var full = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(full, MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }

    public void RecordFailure(Exception ex, int count, int attempt)
    {
        int failures;
        lock (_gate)
        {
            failures = ++_consecutiveFailures;
            _lastFailure = ex;
            _lastFailureAt = _options.TimeProvider.GetUtcNow();
        }

        _node.Instruments.BackendFailures.Add(1, Tags);
        if (failures == 1)
        {
            Log.ChildFailing(_node.NodeLogger, ex, _node.Name, _lane, count);
        }
        else
        {
            Log.ChildFailedAgain(_node.NodeLogger, ex, _node.Name, _lane, attempt + 1, count);
        }
    }

    public void Succeeded()
    {
        int failures;
        lock (_gate)
        {
            failures = _consecutiveFailures;
            _consecutiveFailures = 0;
        }

        if (failures > 0)
        {
            Log.ChildRecovered(_node.NodeLogger, _node.Name, _lane, failures);
        }
    }

    public void RecordDuration(long started, bool success)
    {
        if (_node.Instruments.BatchDuration.Enabled)
        {
            _node.Instruments.BatchDuration.Record(
                Stopwatch.GetElapsedTime(started).TotalSeconds,
                Tags[0],
                Tags[1],
                new KeyValuePair<string, object?>(MetricTags.Outcome, success ? "success" : "failure"));
        }
    }
}
