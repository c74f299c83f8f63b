namespace EventTracking.Samples;

/// <summary>
/// How both web samples create their builder, so they start the same from <c>dotnet run</c>, from their build folder or
/// from anywhere else: the content root is the build folder (where appsettings.json is copied) unless
/// <c>--contentRoot</c> or <c>ASPNETCORE_CONTENTROOT</c> names another, every relative path in the configuration is taken
/// from it, and the address is <c>--urls</c> or <c>ASPNETCORE_URLS</c> when given, else the sample's own.
/// </summary>
internal static class SampleHost
{
    /// <summary>The category under which the generic host logs a failed start, with the exception's stack trace.</summary>
    public const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    /// <summary>Creates the builder.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="defaultUrl">The address used when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> gives one.</param>
    /// <returns>The builder.</returns>
    public static WebApplicationBuilder CreateBuilder(string[] args, string defaultUrl)
    {
        var contentRootGiven = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = contentRootGiven ? null : AppContext.BaseDirectory,
        });

        // A refused start is explained by StartupFailure, first and with every key blanked out: the host's own
        // "Hosting failed to start" error (a stack trace that may quote a setting) is not logged before it. Critical
        // messages of this category (a background service stopping the host) still are.
        builder.Logging.AddFilter(HostCategory, LogLevel.Critical);

        // launchSettings.json names no address, so ASPNETCORE_URLS reaches the app under `dotnet run` too.
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(defaultUrl);
        }

        return builder;
    }
}
