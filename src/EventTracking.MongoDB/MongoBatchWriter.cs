using System.Globalization;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;

namespace EventTracking;

/// <summary>Inserts a batch and re-inserts only the documents that failed, a bounded number of times.</summary>
internal sealed class MongoBatchWriter
{
    private readonly InsertDocuments _insert;
    private readonly int _maxAttempts;
    private readonly TimeSpan _retryDelay;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public MongoBatchWriter(InsertDocuments insert, int maxAttempts, TimeSpan retryDelay, TimeProvider timeProvider, ILogger logger)
    {
        _insert = insert;
        _maxAttempts = maxAttempts;
        _retryDelay = retryDelay;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <exception cref="MongoBatchWriteException">Some documents still failed after the last attempt.</exception>
    public async Task WriteAsync(IReadOnlyList<RawBsonDocument> documents, CancellationToken cancellationToken)
    {
        var pending = documents;
        var delay = _retryDelay;
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await _insert(pending, cancellationToken).ConfigureAwait(false);
            if (outcome.Retry.Count == 0)
            {
                return;
            }

            var error = Describe(outcome);
            if (attempt >= _maxAttempts)
            {
                throw new MongoBatchWriteException(
                    string.Create(CultureInfo.InvariantCulture, $"{outcome.Retry.Count} of {documents.Count} events could not be stored in MongoDB after {attempt} attempts. First error: {error}"),
                    outcome.Retry.Count,
                    outcome.Cause);
            }

            MongoLog.Retrying(_logger, outcome.Retry.Count, pending.Count, attempt + 1, _maxAttempts, error);
            var next = new RawBsonDocument[outcome.Retry.Count];
            for (var i = 0; i < next.Length; i++)
            {
                next[i] = pending[outcome.Retry[i]];
            }

            pending = next;
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                delay *= 2;
            }
        }
    }

    private static string Describe(MongoWriteOutcome outcome) =>
        outcome.Failures.Count > 0
            ? string.Create(CultureInfo.InvariantCulture, $"code {outcome.Failures[0].Code}: {outcome.Failures[0].Message}")
            : outcome.Cause?.Message ?? "the write concern was not satisfied";
}
