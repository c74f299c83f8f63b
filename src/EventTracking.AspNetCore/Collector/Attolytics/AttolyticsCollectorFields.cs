using Microsoft.AspNetCore.Http;

namespace EventTracking.AspNetCore;

/// <summary>
/// The context fields the collector sets on every event this surface accepts, named as on the collector's other
/// surfaces. They are written last, so an event can never carry forged values for them.
/// </summary>
/// <param name="ReceivedAt">When the request arrived (UTC, microseconds).</param>
/// <param name="ClientAddress">The client's address as the server saw it.</param>
internal sealed record AttolyticsCollectorFields(DateTimeOffset ReceivedAt, string? ClientAddress)
{
    /// <summary>The app that sent the event.</summary>
    public const string AppField = "attolytics_app";

    public const string ReceivedAtField = "received_at";

    public const string ClientIpField = "client_ip";

    /// <summary>Which key accepted the event: the app's secret key, named by the app id.</summary>
    public const string KeyField = "collector_key";

    public const string SurfaceField = "collector_surface";

    public const string Surface = "attolytics";

    public static AttolyticsCollectorFields For(HttpContext context, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var ip = context.Connection.RemoteIpAddress;
        return new AttolyticsCollectorFields(
            new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero),
            ip is null ? null : (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString());
    }

    /// <summary>The context of an event the app <paramref name="appId"/> sent.</summary>
    public Dictionary<string, object?> Context(string appId) => new(StringComparer.Ordinal)
    {
        [AppField] = appId,
        [ReceivedAtField] = ReceivedAt,
        [ClientIpField] = ClientAddress,
        [KeyField] = appId,
        [SurfaceField] = Surface,
    };
}
