namespace EventTracking.Collector;

/// <summary>A session opened by <c>/api/session</c>, as the store keeps it.</summary>
/// <param name="Id">The session id the client sends with its events.</param>
/// <param name="Key">The session key: 64 hex digits (32 random bytes), the secret of checksums.</param>
/// <param name="UserId">The user the client named; Papika never required it to be a known user.</param>
/// <param name="ReleaseId">The envelope's <c>release</c>: which build of the application is running.</param>
/// <param name="LibraryRevid">The revision of the client library.</param>
internal sealed record PapikaSession(Guid Id, string Key, Guid UserId, Guid ReleaseId, string LibraryRevid);
