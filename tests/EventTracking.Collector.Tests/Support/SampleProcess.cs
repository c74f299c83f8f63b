using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EventTracking.Collector.Tests.Support;

/// <summary>
/// The built collector sample started as a user starts it (<c>dotnet EventTracking.Samples.Collector.dll</c>), from a
/// working directory of the test's choosing, on a free loopback port; killed and awaited on dispose.
/// </summary>
internal sealed class SampleProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringWriter _output = new();

    private SampleProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    /// <summary>What the process printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The sample's build folder, for the same configuration as this test assembly.</summary>
    public static string BuildFolder
    {
        get
        {
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return Path.Combine(ProjectFolder, "bin", Configuration, testBin.Name);
        }
    }

    /// <summary>The sample's project folder, <c>samples/EventTracking.Samples.Collector</c>.</summary>
    public static string ProjectFolder
    {
        get
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "EventTracking.slnx")))
            {
                root = root.Parent;
            }

            return Path.Combine(root!.FullName, "samples", "EventTracking.Samples.Collector");
        }
    }

    // Debug or Release: the configuration this test assembly was built in, and so the sample with it.
    private static string Configuration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>
    /// Starts the sample; <paramref name="useEnvironmentUrls"/> passes the address in ASPNETCORE_URLS instead of --urls, and
    /// <paramref name="dotnetRun"/> starts it as <c>dotnet run --no-build --project …</c> does (with its launch profile)
    /// instead of from its build folder.
    /// </summary>
    public static SampleProcess Start(
        string workingDirectory, bool useEnvironmentUrls, IReadOnlyDictionary<string, string> environment, bool dotnetRun, params string[] args)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (dotnetRun)
        {
            // No build here: the sample is built with the tests. The launch profile sets ASPNETCORE_ENVIRONMENT.
            foreach (var arg in new[] { "run", "--no-build", "--project", ProjectFolder, "--configuration", Configuration, "--" })
            {
                start.ArgumentList.Add(arg);
            }
        }
        else
        {
            start.ArgumentList.Add(Path.Combine(BuildFolder, "EventTracking.Samples.Collector.dll"));
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("ASPNETCORE_CONTENTROOT");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (useEnvironmentUrls)
        {
            start.Environment["ASPNETCORE_URLS"] = address.ToString();
        }
        else
        {
            start.Environment.Remove("ASPNETCORE_URLS");
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(address.ToString());
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new SampleProcess(Process.Start(start)!, address);
    }

    /// <summary>
    /// Runs the sample until it exits by itself (a refused start), with ASPNETCORE_ENVIRONMENT Production unless
    /// <paramref name="environment"/> says otherwise, and returns its exit code and what it wrote to each stream.
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunToExitAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(BuildFolder, "EventTracking.Samples.Collector.dll"));
        start.Environment.Remove("ASPNETCORE_CONTENTROOT");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort()}";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return await RunToExitAsync(start);
    }

    /// <summary>Runs a sample process until it exits by itself and returns its exit code and what it wrote to each stream.</summary>
    /// <param name="start">How to start it; both streams redirected.</param>
    public static async Task<(int ExitCode, string Output, string Error)> RunToExitAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();

        // A guard against a sample that serves instead of exiting; a refused start exits within a few seconds.
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The sample did not exit; it printed:\n{await output}{await error}");
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>Waits until the sample answers its home page, or fails with what it printed.</summary>
    public async Task<HttpClient> WaitUntilReadyAsync(TimeSpan timeout)
    {
        var client = new HttpClient { BaseAddress = Address };
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"The sample exited with code {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync("/", deadline.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return client;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"The sample did not answer within {timeout}:\n{Output}");
            }

            await Task.Delay(100, deadline.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.WriteLine(line);
        }
    }
}
