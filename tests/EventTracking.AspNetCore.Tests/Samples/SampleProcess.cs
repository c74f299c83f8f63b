using System.Diagnostics;

namespace EventTracking.AspNetCore.Tests.Samples;

/// <summary>Runs a built sample (its own bin folder, its own appsettings) as a separate <c>dotnet</c> process.</summary>
internal static class SampleProcess
{
    // A guard against a sample that hangs instead of exiting; a refused start exits in a second or two.
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string sample, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var folder = SampleFolder(sample);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(folder, sample + ".dll"));
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(folder);
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {sample}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(Guard);
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{sample} did not exit within {Guard}; output: {await output}");
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>
    /// Starts a built sample as a user starts its build (<c>dotnet sample.dll</c>, no <c>--contentRoot</c>) from
    /// <paramref name="workingDirectory"/>; the caller kills the process tree and disposes it.
    /// </summary>
    public static Process Start(string sample, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(SampleFolder(sample), sample + ".dll"));
        start.Environment.Remove("ASPNETCORE_CONTENTROOT");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"Could not start {sample}.");
    }

    // samples/<sample>/bin/<Configuration>/net10.0, built by this test project's reference to the sample.
    public static string SampleFolder(string sample)
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "EventTracking.slnx")))
        {
            root = root.Parent;
        }

        Assert.That(root, Is.Not.Null, "the repository root (EventTracking.slnx) above " + AppContext.BaseDirectory);
        var folder = Path.Combine(root!.FullName, "samples", sample, "bin", configuration, framework);
        Assert.That(File.Exists(Path.Combine(folder, sample + ".dll")), Is.True, "the built sample in " + folder);
        return folder;
    }
}
