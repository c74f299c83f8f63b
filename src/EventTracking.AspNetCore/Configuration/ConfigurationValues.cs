using Microsoft.Extensions.Configuration;

namespace EventTracking.AspNetCore;

/// <summary>Turns a configuration section into plain values for a context: strings, nested dictionaries and lists.</summary>
internal static class ConfigurationValues
{
    public static Dictionary<string, object?> ToDictionary(IConfiguration section) =>
        section.GetChildren().ToDictionary(child => child.Key, ToValue, StringComparer.Ordinal);

    private static object? ToValue(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            return section.Value;
        }

        // Arrays arrive as keys "0", "1", …; the provider sorts them numerically.
        var isList = children.Select((child, index) => child.Key == index.ToString(System.Globalization.CultureInfo.InvariantCulture)).All(b => b);
        return isList ? children.Select(ToValue).ToList() : ToDictionary(section);
    }
}
