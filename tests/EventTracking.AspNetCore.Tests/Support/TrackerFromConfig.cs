using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EventTracking.AspNetCore.Tests.Support;

/// <summary>Builds a tracker from an appsettings-style JSON document, as a host would at start-up.</summary>
internal static class TrackerFromConfig
{
    public static IConfiguration Json(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

    public static Tracker Build(string json, Action<EventTrackingBuilder>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddEventTracking(Json(json).GetSection("EventTracking"), configure);
        return services.BuildServiceProvider().GetRequiredService<Tracker>();
    }

    /// <summary>The errors the build reports, or an empty list if it succeeds.</summary>
    public static IReadOnlyList<string> Errors(string json, Action<EventTrackingBuilder>? configure = null)
    {
        try
        {
            Build(json, configure);
            return [];
        }
        catch (EventTrackingConfigurationException ex)
        {
            return ex.Errors;
        }
    }
}
