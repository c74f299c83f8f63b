namespace EventTracking.AspNetCore;

/// <summary>
/// The context fields the collector sets on every event it accepts through Papika; they override any field of the same
/// name. Mirrors the collector's own field names until the shared collector pieces replace this type.
/// </summary>
internal sealed record PapikaCollectorFields(DateTimeOffset ReceivedAt, string? ClientAddress)
{
    public const string Surface = "papika";

    /// <summary>Writes the collector's fields over <paramref name="context"/>; Papika has no API keys, so the key is null.</summary>
    public Dictionary<string, object?> ApplyTo(Dictionary<string, object?> context)
    {
        context["received_at"] = ReceivedAt;
        context["client_ip"] = ClientAddress;
        context["collector_key"] = null;
        context["collector_surface"] = Surface;
        return context;
    }
}
