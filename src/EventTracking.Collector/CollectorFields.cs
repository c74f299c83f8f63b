namespace EventTracking.Collector;

/// <summary>
/// The context fields the collector sets on every event it accepts. They override any field of the same name the client
/// sent, so a client cannot forge them.
/// </summary>
internal sealed record CollectorFields(DateTimeOffset ReceivedAt, string? ClientAddress, string? KeyName, string Surface)
{
    /// <summary>How many fields <see cref="CopyTo"/> writes.</summary>
    public const int Count = 4;

    // Boxed once per request rather than once per event.
    private readonly object _receivedAt = ReceivedAt;

    /// <summary>When the collector received the request (UTC).</summary>
    public const string ReceivedAtField = "received_at";

    /// <summary>The client's address, as the server saw it.</summary>
    public const string ClientIpField = "client_ip";

    /// <summary>The name of the API key that accepted the request; <see langword="null"/> for anonymous ingestion.</summary>
    public const string KeyField = "collector_key";

    /// <summary>Which route accepted it: <c>native</c> or <c>pycolytics</c>.</summary>
    public const string SurfaceField = "collector_surface";

    public const string Native = "native";

    public const string Pycolytics = "pycolytics";

    /// <summary>
    /// Writes the collector's fields as the last <see cref="Count"/> pairs of <paramref name="pairs"/>: an event built
    /// from the pairs takes the last value of a repeated key, so they override what the client sent under their names.
    /// </summary>
    public void CopyTo(KeyValuePair<string, object?>[] pairs)
    {
        var at = pairs.Length - Count;
        pairs[at] = new(ReceivedAtField, _receivedAt);
        pairs[at + 1] = new(ClientIpField, ClientAddress);
        pairs[at + 2] = new(KeyField, KeyName);
        pairs[at + 3] = new(SurfaceField, Surface);
    }

    /// <summary>Writes the collector's fields over <paramref name="context"/>.</summary>
    public Dictionary<string, object?> ApplyTo(Dictionary<string, object?> context)
    {
        context[ReceivedAtField] = _receivedAt;
        context[ClientIpField] = ClientAddress;
        context[KeyField] = KeyName;
        context[SurfaceField] = Surface;
        return context;
    }
}
