using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.Data.Sqlite;

namespace EventTracking.Tests.Durability;

/// <summary>The durability producer (tests/EventTracking.DurabilityProducer) as a child process whose stdout lines are collected as they arrive.</summary>
internal sealed class ProducerProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _reportsGate = new();
    private readonly Dictionary<string, int> _reports = new(StringComparer.Ordinal);
    private readonly List<(string Kind, int Count, TaskCompletionSource Reached)> _reportWaiters = [];

    private ProducerProcess(params string[] arguments)
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
                Lines.Enqueue(line);
                if (line == "ready")
                {
                    _ready.TrySetResult();
                }
                else
                {
                    CountReport(line);
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

    /// <summary>Every stdout line, in order.</summary>
    public ConcurrentQueue<string> Lines { get; } = new();

    public ConcurrentQueue<string> Errors { get; } = new();

    public Task Ready => _ready.Task;

    /// <summary>
    /// Completes once the producer has printed <paramref name="count"/> <c>{kind} {run} {seq}</c> lines that cover at
    /// least one event (seq 0 or more), e.g. its third commit acknowledgement.
    /// </summary>
    public Task Reported(string kind, int count)
    {
        lock (_reportsGate)
        {
            if (_reports.GetValueOrDefault(kind) >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _reportWaiters.Add((kind, count, reached));
            return reached.Task;
        }
    }

    private static string ProducerPath =>
        typeof(ProducerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "DurabilityProducer").Value!;

    public static ProducerProcess Start(params string[] arguments)
    {
        if (!File.Exists(ProducerPath))
        {
            Assert.Fail($"The producer was not built with the tests: {ProducerPath}");
        }

        return new ProducerProcess(arguments);
    }

    /// <summary>The highest sequence number a <c>{kind} {run} {seq}</c> line reported for <paramref name="run"/>; -1 when there is none.</summary>
    public long LastSeq(string kind, int run)
    {
        var runText = run.ToString(CultureInfo.InvariantCulture);
        var max = -1L;
        foreach (var line in Lines)
        {
            var parts = line.Split(' ');
            if (parts.Length == 3 && parts[0] == kind && parts[1] == runText)
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

    private void CountReport(string line)
    {
        var parts = line.Split(' ');
        if (parts.Length != 3 || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var seq) || seq < 0)
        {
            return;
        }

        lock (_reportsGate)
        {
            var count = _reports[parts[0]] = _reports.GetValueOrDefault(parts[0]) + 1;
            _reportWaiters.RemoveAll(w =>
            {
                if (w.Kind != parts[0] || w.Count > count)
                {
                    return false;
                }

                w.Reached.TrySetResult();
                return true;
            });
        }
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
