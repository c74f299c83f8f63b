using Microsoft.Extensions.Options;

namespace EventTracking.AspNetCore;

/// <summary>Checks the data annotations of <see cref="EventTrackingMiddlewareOptions"/> with code generated at compile time (no reflection).</summary>
[OptionsValidator]
internal sealed partial class EventTrackingMiddlewareOptionsValidator : IValidateOptions<EventTrackingMiddlewareOptions>
{
}
