using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace EventTracking.Docs.Tests.Running;

/// <summary>
/// Runs a compiled doc program as a real process in a temp working directory: a web program
/// (<c>dotnet program.dll --urls http://127.0.0.1:port</c>) until it answers an HTTP request, then it is killed; a
/// console program until it exits.
/// </summary>
public static class ProgramRunner
{
    private static readonly TimeSpan s_startDeadline = TimeSpan.FromSeconds(90);

    /// <summary>Runs a console program to its end; throws with its output when it fails or outlives the deadline.</summary>
    /// <param name="image">The program's assembly.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The program's output.</returns>
    public static async Task<string> RunToExitAsync(byte[] image, CancellationToken cancellationToken)
    {
        var temp = Directory.CreateTempSubdirectory("eventtracking-docs-");
        try
        {
            var appDir = temp.CreateSubdirectory("app").FullName;
            var workDir = temp.CreateSubdirectory("work").FullName;
            Layout(appDir, image);
            var output = new StringBuilder();
            using var process = Start(appDir, workDir, [], output);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(s_startDeadline);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                throw new TimeoutException($"The program did not end within {s_startDeadline.TotalSeconds} s.\n{Text(output)}");
            }

            return process.ExitCode == 0
                ? Text(output)
                : throw new InvalidOperationException($"The program exited with code {process.ExitCode}.\n{Text(output)}");
        }
        finally
        {
            DeleteQuietly(temp);
        }
    }

    /// <summary>Runs the program until it answers; throws with its output when it exits or never answers.</summary>
    /// <param name="image">The program's assembly.</param>
    /// <param name="files">Files the doc tells the reader to have next to the program (name → content), written to the working directory.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The HTTP status of the first answer.</returns>
    public static async Task<HttpStatusCode> StartAndStopAsync(byte[] image, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        var temp = Directory.CreateTempSubdirectory("eventtracking-docs-");
        try
        {
            var appDir = temp.CreateSubdirectory("app").FullName;
            var workDir = temp.CreateSubdirectory("work").FullName;
            Layout(appDir, image);
            foreach (var (name, content) in files)
            {
                var path = Path.Combine(workDir, name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, content, cancellationToken);
            }

            var port = FreePort();
            var output = new StringBuilder();
            using var process = Start(appDir, workDir, ["--urls", $"http://127.0.0.1:{port}"], output);
            try
            {
                return await WaitForAnswerAsync(process, port, output, cancellationToken);
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
        finally
        {
            DeleteQuietly(temp);
        }
    }

    private static void DeleteQuietly(DirectoryInfo temp)
    {
        try
        {
            temp.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying child: leave the temp folder to the OS.
        }
    }

    private static void Layout(string appDir, byte[] image)
    {
        File.WriteAllBytes(Path.Combine(appDir, "program.dll"), image);
        var framework = $"{Environment.Version.Major}.{Environment.Version.Minor}.0";
        File.WriteAllText(Path.Combine(appDir, "program.runtimeconfig.json"), $$"""
            {
              "runtimeOptions": {
                "tfm": "net{{Environment.Version.Major}}.{{Environment.Version.Minor}}",
                "frameworks": [
                  { "name": "Microsoft.NETCore.App", "version": "{{framework}}" },
                  { "name": "Microsoft.AspNetCore.App", "version": "{{framework}}" }
                ]
              }
            }
            """);

        // Without a deps.json the host loads every assembly of the app folder: the packages, as the test has them.
        foreach (var dll in Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
        {
            File.Copy(dll, Path.Combine(appDir, Path.GetFileName(dll)));
        }

        // ...but it probes no runtimes/<rid>/native folder, so the native SQLite library goes next to them.
        var native = Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
        if (Directory.Exists(native))
        {
            foreach (var library in Directory.GetFiles(native))
            {
                File.Copy(library, Path.Combine(appDir, Path.GetFileName(library)));
            }
        }
    }

    private static Process Start(string appDir, string workDir, IEnumerable<string> arguments, StringBuilder output)
    {
        var start = new ProcessStartInfo(DotnetHost(), [Path.Combine(appDir, "program.dll"), .. arguments])
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        start.Environment.Remove("ASPNETCORE_HTTPS_PORTS");

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<HttpStatusCode> WaitForAnswerAsync(Process process, int port, StringBuilder output, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + s_startDeadline;
        while (true)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(cancellationToken);   // drains the output
                throw new InvalidOperationException($"The program exited with code {process.ExitCode} before answering.\n{Text(output)}");
            }

            try
            {
                using var response = await client.GetAsync($"http://127.0.0.1:{port}/", cancellationToken);
                return response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The program did not answer on port {port} within {s_startDeadline.TotalSeconds} s.\n{Text(output)}");
            }

            // Poll again soon, or as soon as the process exits.
            using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            poll.CancelAfter(TimeSpan.FromMilliseconds(200));
            try
            {
                await process.WaitForExitAsync(poll.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
