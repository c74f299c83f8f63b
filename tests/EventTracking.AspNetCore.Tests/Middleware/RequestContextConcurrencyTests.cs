using System.Collections.Concurrent;
using EventTracking.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EventTracking.AspNetCore.Tests.Middleware;

public sealed class RequestContextConcurrencyTests
{
    private const int Requests = 200;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [TestCase(false, TestName = "ConcurrentRequestsEachCarryOnlyTheirOwnContext(TestServer)")]
    [TestCase(true, TestName = "ConcurrentRequestsEachCarryOnlyTheirOwnContext(Kestrel on 127.0.0.1)")]
    public async Task ConcurrentRequestsEachCarryOnlyTheirOwnContext(bool kestrel)
    {
        var memory = new InMemoryBackend();
        var arrived = 0;
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ended = 0;
        var allEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await using var app = new TestWebApp(
            services => services.AddEventTracking(t => t.AddInMemory("memory", memory)).AddScoped<Greeter>(),
            endpoints => endpoints.MapGet("/work/{i:int}", async (int i, ITracker tracker, Greeter greeter, HttpContext http) =>
            {
                tracker.Emit("test.handler.start", new { i });

                // Hold every request open until all of them are in flight, so their contexts truly overlap.
                if (Interlocked.Increment(ref arrived) == Requests)
                {
                    allArrived.TrySetResult();
                }

                await release.Task;
                tracker.Emit("test.handler.resumed", new { i });
                await greeter.GreetAsync(i);
                await Task.Run(() => tracker.Emit("test.handler.task", new { i }));
                return http.TraceIdentifier;
            }),
            outside: pipeline => pipeline.Use(async (context, next) =>
            {
                await next(context);

                // Runs outside UseEventTracking, after the request's frame has been popped.
                context.RequestServices.GetRequiredService<ITracker>().Emit("test.after_request", new { path = context.Request.Path.Value });
                if (Interlocked.Increment(ref ended) == Requests)
                {
                    allEnded.TrySetResult();
                }
            }),
            kestrel: kestrel);

        using var client = app.CreateClient();
        var responses = Enumerable.Range(0, Requests).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/work/{i}");
            request.Headers.Add(HeaderAuthenticationHandler.Header, $"user-{i}");
            using var response = await client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            return (I: i, RequestId: await response.Content.ReadAsStringAsync());
        }).ToList();

        await allArrived.Task.WaitAsync(Patience);
        release.SetResult();
        var results = await Task.WhenAll(responses).WaitAsync(Patience);
        await allEnded.Task.WaitAsync(Patience);

        var byRequest = memory.Events.Where(e => e.Name.StartsWith("test.handler", StringComparison.Ordinal) || e.Name == "test.service")
            .GroupBy(e => (int)e.Data["i"]!)
            .ToDictionary(g => g.Key, g => g.ToList());
        Assert.That(byRequest, Has.Count.EqualTo(Requests));
        Assert.That(results.Select(r => r.RequestId).Distinct().Count(), Is.EqualTo(Requests), "request ids are distinct");
        foreach (var (i, requestId) in results)
        {
            var events = byRequest[i];
            Assert.That(events.Select(e => e.Name), Is.EquivalentTo(new[] { "test.handler.start", "test.handler.resumed", "test.service", "test.handler.task" }));
            foreach (var evt in events)
            {
                Assert.That(evt.Context["user_id"], Is.EqualTo($"user-{i}"), evt.Name);
                Assert.That(evt.Context["path"], Is.EqualTo($"/work/{i}"), evt.Name);
                Assert.That(evt.Context["request_id"], Is.EqualTo(requestId), evt.Name);
                Assert.That(evt.Context["method"], Is.EqualTo("GET"), evt.Name);
            }
        }

        var afterRequest = memory.Events.Where(e => e.Name == "test.after_request").ToList();
        Assert.That(afterRequest, Has.Count.EqualTo(Requests));
        Assert.That(afterRequest.Where(e => e.Context.Count > 0), Is.Empty, "no request context outlives its request");

        var tracker = app.Services.GetRequiredService<ITracker>();
        Assert.That(tracker.ResolveContext(), Is.Empty, "nothing leaks to the caller");
    }
}
