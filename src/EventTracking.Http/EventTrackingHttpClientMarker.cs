namespace EventTracking;

/// <summary>Marks a service collection in which the EventTracking HTTP client is already registered.</summary>
internal sealed class EventTrackingHttpClientMarker;
