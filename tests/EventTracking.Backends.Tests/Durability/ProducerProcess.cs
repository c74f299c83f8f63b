using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.Data.Sqlite;

namespace EventTracking.Tests.Durability;

/// <summary>The durability producer (tests/EventTracking.DurabilityProducer) as a child process whose stdout lines are timed as they arrive.</summary>
internal sealed class ProducerProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _flushed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ProducerProcess(Stopwatch clock, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ProducerPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                Lines.Enqueue((clock.Elapsed, line));
                if (line == "ready")
                {
                    _ready.TrySetResult();
                }
                else if (line.StartsWith("flushed ", StringComparison.Ordinal) && !line.EndsWith(" -1", StringComparison.Ordinal))
                {
                    _flushed.TrySetResult();
                }
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                Errors.Enqueue(line);
            }
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Every stdout line, with the time (on the test's clock) it arrived.</summary>
    public ConcurrentQueue<(TimeSpan At, string Line)> Lines { get; } = new();

    public ConcurrentQueue<string> Errors { get; } = new();

    public Task Ready => _ready.Task;

    /// <summary>Completes when the producer has reported its first completed flush of at least one event.</summary>
    public Task FirstFlush => _flushed.Task;

    private static string ProducerPath =>
        typeof(ProducerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "DurabilityProducer").Value!;

    public static ProducerProcess Start(Stopwatch clock, params string[] arguments)
    {
        if (!File.Exists(ProducerPath))
        {
            Assert.Fail($"The producer was not built with the tests: {ProducerPath}");
        }

        return new ProducerProcess(clock, arguments);
    }

    /// <summary>
    /// The highest sequence number a <c>{kind} {run} {seq}</c> line reported for <paramref name="run"/>, among the lines
    /// whose arrival time <paramref name="arrived"/> accepts (all of them when it is null); -1 when there is none.
    /// </summary>
    public long LastSeq(string kind, int run, Func<TimeSpan, bool>? arrived = null)
    {
        var runText = run.ToString(CultureInfo.InvariantCulture);
        var max = -1L;
        foreach (var (at, line) in Lines)
        {
            var parts = line.Split(' ');
            if (parts.Length == 3 && parts[0] == kind && parts[1] == runText && (arrived is null || arrived(at)))
            {
                max = Math.Max(max, long.Parse(parts[2], CultureInfo.InvariantCulture));
            }
        }

        return max;
    }

    /// <summary>The (run, seq) of every event the producers stored in <paramref name="database"/>.</summary>
    public static List<(int Run, int Seq)> ReadStored(string database)
    {
        var stored = new List<(int, int)>();
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json_extract(data, '$.run'), json_extract(data, '$.seq') FROM events";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            stored.Add((reader.GetInt32(0), reader.GetInt32(1)));
        }

        return stored;
    }

    /// <summary>SIGKILL: no finally block, no flush, no disposal runs in the producer.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task<int> ExitAsync(TimeSpan within)
    {
        await _process.WaitForExitAsync().WaitAsync(within);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
