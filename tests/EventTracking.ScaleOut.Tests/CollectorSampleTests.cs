using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace EventTracking.Tests;

/// <summary>
/// The collector sample, started as a user starts it, stores in PostgreSQL when its configuration names a
/// <c>"Type": "PostgreSql"</c> backend: the package comes with the sample, so a multi-machine deployment's collectors
/// write to the shared store. A batch the client sends twice (a retry) is stored once.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class CollectorSampleTests
{
    private const string Key = "scale-test-key";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task TheCollectorSampleConfiguredWithAPostgreSqlBackendStoresEachPostedEventOnce()
    {
        var postgres = Environment.GetEnvironmentVariable("EVENTTRACKING_POSTGRES_URI");
        if (string.IsNullOrWhiteSpace(postgres))
        {
            const string reason = "EVENTTRACKING_POSTGRES_URI is not set: this test needs PostgreSQL (.ci/setup/30-postgresql.sh starts one).";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(reason);
            }

            Assert.Ignore(reason);
        }

        var keyValue = ScaleOutTests.PostgresKeyValue(postgres);
        var table = "collector_" + Guid.NewGuid().ToString("N")[..8];
        var work = Directory.CreateTempSubdirectory("et-collector-pg-");
        var port = FreePort();
        const string store = "--EventTracking:Backends:store:Backends:";
        using var process = Start(
            $"--urls=http://127.0.0.1:{port}",
            $"--Collector:Keys:scale={Key}",
            $"{store}db:Options:Path={Path.Combine(work.FullName, "events.db")}",
            $"{store}pg:Type=PostgreSql",
            $"{store}pg:Options:ConnectionString={postgres}",
            $"{store}pg:Options:Table={table}",
            $"--Papika:StorePath={Path.Combine(work.FullName, "papika.db")}");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            await WaitUntilServingAsync(http, process);
            var ids = Enumerable.Range(0, 3).Select(_ => Guid.CreateVersion7()).ToArray();
            var body = "[" + string.Join(',', ids.Select((id, i) =>
                $$"""{"id":"{{id}}","name":"sample.posted","timestamp":"2026-11-30T10:00:0{{i}}+00:00","context":{"user_id":7},"data":{"n":{{i}},"nested":{"ok":true""" + "}}}")) + "]";

            for (var send = 0; send < 2; send++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add("X-Api-Key", Key);
                using var response = await http.SendAsync(request);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            }

            // The collector answers once every store committed (acknowledged delivery): the rows are there now.
            await using var connection = new NpgsqlConnection(keyValue);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                $"SELECT count(*), count(DISTINCT id), count(*) FILTER (WHERE data->'nested'->>'ok' = 'true' AND context->>'user_id' = '7') FROM \"{table}\"",
                connection);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.That(await reader.ReadAsync(), Is.True);
            Assert.That((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)), Is.EqualTo((3L, 3L, 3L)), process.StartInfo.FileName);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            await using var connection = new NpgsqlConnection(keyValue);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS \"{table}\"", connection);
            await drop.ExecuteNonQueryAsync();
            work.Delete(recursive: true);
        }
    }

    private static Process Start(params string[] args)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        var start = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(SampleBuildFolder(), "EventTracking.Samples.Collector.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_CONTENTROOT");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                TestContext.Progress.WriteLine("collector: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // The sample is built with the tests (a project reference without its assembly); its own build folder holds its appsettings.
    private static string SampleBuildFolder()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "EventTracking.slnx")))
        {
            root = root.Parent;
        }

        return Path.Combine(root!.FullName, "samples", "EventTracking.Samples.Collector", "bin", testBin.Parent!.Name, testBin.Name);
    }

    private static async Task WaitUntilServingAsync(HttpClient http, Process process)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (true)
        {
            Assert.That(process.HasExited, Is.False, "the collector sample exited while starting");
            try
            {
                using var response = await http.GetAsync("/", deadline.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
