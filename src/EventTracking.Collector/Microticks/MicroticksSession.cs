namespace EventTracking.Collector;

/// <summary>A session found by its token.</summary>
/// <param name="Id">The session's number, <c>session_id</c> in its events' context.</param>
/// <param name="ConsumerId">The number of the consumer that started it.</param>
/// <param name="ConsumerName">The name of that consumer.</param>
/// <param name="ReceivedAt">When the collector received the start of the session.</param>
/// <param name="IsStopped">Whether the session was stopped.</param>
internal sealed record MicroticksSession(long Id, long ConsumerId, string ConsumerName, DateTimeOffset ReceivedAt, bool IsStopped);
