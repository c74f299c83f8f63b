using System.Net;
using System.Net.Sockets;

namespace EventTracking.AspNetCore.Tests.Samples;

/// <summary>The web sample started as a user starts its build: from another folder, on the address in ASPNETCORE_URLS.</summary>
[NonParallelizable]
public sealed class WebSampleProcessTests
{
    private const string WebApp = "EventTracking.Samples.WebApp";

    [Test]
    public async Task FromAnotherFolderItListensOnAspNetCoreUrlsReadsItsSettingsAndStoresInItsBuildFolder()
    {
        var elsewhere = Directory.CreateTempSubdirectory("et-web-cwd-").FullName;
        var file = $"web-process-test-{Guid.NewGuid():N}.db";
        var stored = Path.Combine(SampleProcess.SampleFolder(WebApp), file);
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        using var process = SampleProcess.Start(WebApp, elsewhere, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = address.ToString(),
            ["EventTracking__Backends__store__Backends__db__Options__Path"] = file,
        });
        var output = process.StandardOutput.ReadToEndAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = address };
            await WaitUntilAnsweringAsync(client, process);

            using var viewed = await client.GetAsync("/courses/cs101?user=alice");
            using var events = await client.GetAsync("/events?limit=5");

            Assert.That(viewed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(events.StatusCode, Is.EqualTo(HttpStatusCode.OK), "appsettings.json (its SQLite store) is read from the build folder");
            Assert.That(await events.Content.ReadAsStringAsync(), Does.Contain("\"edx.course.viewed\""));
            Assert.That(File.Exists(stored), Is.True, "a relative event file is taken from the build folder");
            Assert.That(Directory.GetFiles(elsewhere), Is.Empty, "nothing is written to the working directory");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await output;
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var path in new[] { stored, stored + "-wal", stored + "-shm" })
            {
                File.Delete(path);
            }

            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Test]
    public async Task InProductionTheDemoSignInIsOffSoTheDashboardAndErasureRefuseEveryone()
    {
        var directory = Directory.CreateTempSubdirectory("et-web-production-").FullName;
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        using var process = SampleProcess.Start(WebApp, directory, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = address.ToString(),
            ["EventTracking__Backends__store__Backends__db__Options__Path"] = Path.Combine(directory, "events.db"),
        });
        var output = process.StandardOutput.ReadToEndAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = address };
            await WaitUntilAnsweringAsync(client, process);
            (await client.GetAsync("/courses/cs101?user=alice")).EnsureSuccessStatusCode();

            foreach (var path in new[] { "/eventtracking/", "/eventtracking/?user=alice", "/eventtracking/catalog?user=alice" })
            {
                using var dashboard = await client.GetAsync(path);
                Assert.That(dashboard.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), path);
            }

            using var demoHeaders = new HttpRequestMessage(HttpMethod.Get, "/eventtracking/catalog");
            demoHeaders.Headers.Add("X-Demo-User", "mallory");
            demoHeaders.Headers.Add("X-Demo-Role", "privacy-admin");
            Assert.That((await client.SendAsync(demoHeaders)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "X-Demo-User");

            foreach (var query in new[] { string.Empty, "?user=admin" })
            {
                using var erase = new HttpRequestMessage(HttpMethod.Post, "/eventtracking/erase" + query)
                {
                    Content = new StringContent("""{"user_id":"alice"}""", System.Text.Encoding.UTF8, "application/json"),
                };
                erase.Headers.Add("X-Demo-User", "admin");
                erase.Headers.Add("X-Demo-Role", "privacy-admin");
                Assert.That((await client.SendAsync(erase)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "erase" + query);
            }

            var events = await client.GetStringAsync("/events");
            Assert.That(events, Does.Contain("\"edx.course.viewed\"").And.Not.Contain("\"user_id\""), "?user= signs nobody in, so no event carries a user id");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await output;
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task WaitUntilAnsweringAsync(HttpClient client, System.Diagnostics.Process process)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (process.HasExited)
            {
                Assert.Fail($"The web sample exited with code {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
            }

            try
            {
                using var home = await client.GetAsync("/", deadline.Token);
                if (home.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException)
            {
                Assert.Fail("The web sample did not answer on " + client.BaseAddress + " within a minute.");
            }

            await Task.Delay(100, deadline.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
