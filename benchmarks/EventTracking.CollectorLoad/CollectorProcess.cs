using System.Diagnostics;

namespace EventTracking.CollectorLoad;

/// <summary>
/// The collector under test in a child process (this program with <c>--serve</c>), so its CPU time is measured apart
/// from the load generator's. The child prints its address on the first line and stops when its standard input closes.
/// </summary>
internal sealed class CollectorProcess : IAsyncDisposable
{
    private readonly Process _process;

    private CollectorProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The child's CPU time so far (user and system, all threads).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<CollectorProcess> StartAsync(string databasePath, string synchronous)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The program's path is unknown.");
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(CollectorProcess).Assembly.Location);
        }

        foreach (var argument in new[] { "--serve", databasePath, "--synchronous", synchronous })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{self}'.");
        var line = await process.StandardOutput.ReadLineAsync();
        if (line is null || !Uri.TryCreate(line, UriKind.Absolute, out var address))
        {
            process.Kill();
            throw new InvalidOperationException($"The collector process did not report its address (it wrote '{line}').");
        }

        return new CollectorProcess(process, address);
    }

    /// <summary>Runs the collector in this process until standard input closes: the child's side of <see cref="StartAsync"/>.</summary>
    public static async Task ServeAsync(string databasePath, string synchronous)
    {
        await using var host = await CollectorHost.StartAsync(databasePath, synchronous);
        Console.WriteLine(host.Address);
        await Console.In.ReadToEndAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
