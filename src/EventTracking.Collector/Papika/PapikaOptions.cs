namespace EventTracking.Collector;

/// <summary>
/// Settings of the Papika surface (<c>MapPapika</c>): where users, save data, sessions and experiment assignments are
/// kept, the experiments and their conditions, checksum verification, CORS origins and input limits. Bound from the
/// <c>Papika</c> configuration section by <c>services.AddPapika(…)</c> and validated when the host starts.
/// </summary>
/// <example>
/// <code>
/// "Papika": {
///   "StorePath": "data/papika.db",
///   "Experiments": { "00000000-0000-0000-0000-000000000000": 2 },
///   "AllowedOrigins": [ "https://game.example.org" ]
/// }
/// </code>
/// </example>
public sealed class PapikaOptions
{
    /// <summary>
    /// The SQLite file holding Papika's own tables (<c>papika_users</c>, <c>papika_sessions</c>,
    /// <c>papika_experiment_conditions</c>). It may be the file the events are stored in. Relative paths resolve against
    /// the current directory; a missing folder is created. Default <c>papika.db</c>.
    /// </summary>
    public string StorePath { get; set; } = "papika.db";

    /// <summary>
    /// The experiments <c>/api/experiment</c> knows, by id (a UUID), each with its number of conditions. A user is given
    /// a random condition from 1 to that number the first time it asks, and the same one ever after. An experiment that
    /// is not listed is answered 404.
    /// </summary>
    public IDictionary<string, int> Experiments { get; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Require <c>/api/event</c> requests to carry <c>checksum</c> = hex SHA-256 of the <c>data</c> text followed by the
    /// session key, as the Python reference client computes it. Default <see langword="false"/>, as in the original,
    /// because the TypeScript and Unity clients send an empty checksum.
    /// </summary>
    public bool VerifyChecksum { get; set; }

    /// <summary>
    /// Browser origins allowed to call the routes, such as <c>https://game.example.org</c>. Empty (the default) or
    /// <c>*</c> allows every origin, as the original did. A request from another origin is answered 403.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>
    /// The largest request body accepted, in bytes; larger bodies get 413. Default 8 MiB: Papika clients send every
    /// event not yet acknowledged in one request, so a client that was offline sends a long batch.
    /// </summary>
    public long MaxRequestBodySize { get; set; } = 8 * 1024 * 1024;

    /// <summary>The most events one <c>/api/event</c> request may carry; more gets 400. Default 10,000.</summary>
    public int MaxBatchSize { get; set; } = 10_000;
}
