using System.Collections.Frozen;
using EventTracking.Dashboard.Pages;
using Microsoft.AspNetCore.Http;

namespace EventTracking.Dashboard;

/// <summary>The stylesheet and script, served from the assembly's embedded resources; nothing comes from a CDN.</summary>
internal static class DashboardAssets
{
    private static readonly FrozenDictionary<string, (byte[] Content, string Type)> Files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal)
    {
        ["dashboard.js"] = (Load("dashboard.js"), "text/javascript; charset=utf-8"),
        ["dashboard.css"] = (Load("dashboard.css"), "text/css; charset=utf-8"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IResult Serve(HttpContext http, string file)
    {
        if (!Files.TryGetValue(file, out var asset))
        {
            return Results.NotFound();
        }

        HtmlResult.SetSecurityHeaders(http.Response);
        http.Response.Headers.CacheControl = "private, max-age=3600";
        return Results.Bytes(asset.Content, asset.Type);
    }

    private static byte[] Load(string name)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream("EventTracking.Dashboard." + name)
            ?? throw new InvalidOperationException($"The embedded resource EventTracking.Dashboard.{name} is missing from the assembly.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
