using System.Diagnostics;

namespace EventTracking.Tests;

/// <summary>
/// A redis-server of the test's own, with an append-only file in a temp folder, so a test can stop and restart it on
/// the same port without touching the shared server. Needs <c>redis-server</c> on the PATH (.ci/setup/20-redis.sh installs it).
/// </summary>
internal sealed class RedisProcess : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("eventtracking-redis-test").FullName;
    private Process? _process;

    private RedisProcess(int port)
    {
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port},connectTimeout=1000,asyncTimeout=2000,syncTimeout=2000";

    public static async Task<RedisProcess> StartAsync()
    {
        var server = new RedisProcess(FreePort.Next());
        await server.StartAsync(TimeSpan.FromSeconds(30));
        return server;
    }

    /// <summary>Starts the server and completes when it logs that it accepts connections.</summary>
    public async Task StartAsync(TimeSpan timeout)
    {
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--dir", _directory,
                     "--appendonly", "yes", "--save", "", "--logfile", "" })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            _process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            RedisServer.Missing("redis-server is not installed: " + ex.Message);
            throw;
        }

        _ = _process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        while (await _process.StandardOutput.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                _ = _process.StandardOutput.ReadToEndAsync();
                return;
            }
        }

        throw new InvalidOperationException($"redis-server on port {Port} exited before accepting connections.");
    }

    /// <summary>Stops the server as an administrator would (SIGTERM: it writes its append-only file and exits).</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
