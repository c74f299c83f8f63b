using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EventTracking.Tests.Http;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with a port chosen by the OS. It records every request, then answers the
/// n-th with the n-th scripted response (the last one repeats).
/// </summary>
internal sealed class TestCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<HttpContext, Task>[] _script;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private readonly List<ReceivedRequest> _requests = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];

    private TestCollector(Func<HttpContext, Task>[] script)
    {
        _script = script.Length > 0 ? script : [Answer.Status(200)];
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(1));
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapPost("/events", HandleAsync);
    }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The requests so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    public static async Task<TestCollector> StartAsync(params Func<HttpContext, Task>[] script)
    {
        var collector = new TestCollector(script);
        await collector._app.StartAsync();
        collector.Endpoint = new Uri(new Uri(collector._app.Urls.Single()), "/events");
        return collector;
    }

    /// <summary>Completes when at least <paramref name="count"/> requests have arrived.</summary>
    public Task WaitForRequestsAsync(int count)
    {
        lock (_gate)
        {
            if (_requests.Count >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
            return signal.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var raw = await ReadAllAsync(context.Request.Body);
        var json = context.Request.Headers.ContentEncoding == "gzip" ? Gunzip(raw) : Encoding.UTF8.GetString(raw);
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        int index;
        lock (_gate)
        {
            index = _requests.Count;
            _requests.Add(new ReceivedRequest(_clock.Elapsed, headers, raw, json));
            foreach (var waiter in _waiters.Where(w => _requests.Count >= w.Count).ToArray())
            {
                _waiters.Remove(waiter);
                waiter.Signal.SetResult();
            }
        }

        await _script[Math.Min(index, _script.Length - 1)](context);
    }

    private static async Task<byte[]> ReadAllAsync(Stream body)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static string Gunzip(byte[] raw)
    {
        using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
