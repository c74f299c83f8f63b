using System.Diagnostics;

namespace EventTracking.Tests;

/// <summary>One producer or consumer process of the scale test: the worker built beside the tests, run by the same dotnet host.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<(string Prefix, TaskCompletionSource<string> Signal)> _waiters = [];

    private WorkerProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        _process.OutputDataReceived += (_, e) => Received(e.Data);
        _process.ErrorDataReceived += (_, e) => Received(e.Data is null ? null : "stderr: " + e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public static WorkerProcess Start(string name, params string[] arguments)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EventTracking.ScaleOut.Worker.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new WorkerProcess(name, Process.Start(start)!);
    }

    /// <summary>Completes with the first output line that starts with <paramref name="prefix"/>, printed before or after the call.</summary>
    public Task<string> WaitForLineAsync(string prefix, TimeSpan timeout)
    {
        lock (_lines)
        {
            if (_lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } line)
            {
                return Task.FromResult(line);
            }

            var signal = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((prefix, signal));
            return signal.Task.WaitAsync(timeout);
        }
    }

    /// <summary>Closes standard input (the consumer's signal to stop) and waits for the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        _process.StandardInput.Close();
        return await ExitCodeAsync(timeout);
    }

    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        _process.WaitForExit(); // Drains the redirected output.
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the process gets no chance to acknowledge or clean up.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
            _waiters.RemoveAll(w =>
            {
                if (!line.StartsWith(w.Prefix, StringComparison.Ordinal))
                {
                    return false;
                }

                w.Signal.TrySetResult(line);
                return true;
            });
        }
    }
}
