using System.Diagnostics;
using System.Text;

namespace EventTracking.Cli.Tests;

/// <summary>Runs the built <c>eventtracking</c> tool as a process, as a shell user would (<c>dotnet eventtracking.dll …</c>).</summary>
internal sealed class CliProcess : IDisposable
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "eventtracking.dll");
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _following = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CliProcess(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Tool);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) =>
        {
            Append(_stderr, e.Data);
            if (e.Data?.StartsWith("following", StringComparison.Ordinal) == true)
            {
                _following.TrySetResult();
            }
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Completes when a tail says it is following.</summary>
    public Task Following => _following.Task;

    public static CliProcess Start(params string[] args) => new(args);

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var process = Start(args);
        return await process.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async Task<(int ExitCode, string Stdout, string Stderr)> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit();
        lock (_stdout)
        {
            return (_process.ExitCode, _stdout.ToString(), _stderr.ToString());
        }
    }

    /// <summary>Sends a signal as a shell's <c>kill -SIGNAL pid</c> does (TERM, INT, …).</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stdout)
        {
            builder.Append(line).Append('\n');
        }
    }
}
