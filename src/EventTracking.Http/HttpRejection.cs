using System.Net;

namespace EventTracking;

/// <summary>One event of a batch that is not delivered, for good: its index in the batch, the status (none when refused before sending) and why.</summary>
internal sealed record HttpRejection(int Index, HttpStatusCode? Status, string Reason);
