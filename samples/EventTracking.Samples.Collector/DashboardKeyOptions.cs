using Microsoft.AspNetCore.Authentication;

namespace EventTracking.Samples.Collector;

/// <summary>The key that opens the dashboard outside Development; none means nobody gets in.</summary>
public sealed class DashboardKeyOptions : AuthenticationSchemeOptions
{
    /// <summary>The bearer token a dashboard request must carry; <see langword="null"/> to let nobody in.</summary>
    public string? Key { get; set; }
}
