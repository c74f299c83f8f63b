using EventTracking.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EventTracking.AspNetCore.Tests.Middleware;

public sealed class SmokeTests
{
    [TestCase(false)]
    [TestCase(true)]
    public async Task Smoke(bool kestrel)
    {
        var memory = new InMemoryBackend();
        await using var app = new TestWebApp(
            s => s.AddEventTracking(t => t.AddInMemory("memory", memory)),
            e => e.MapGet("/hello", (ITracker tracker) => { tracker.Emit("hello"); return "hi"; }),
            kestrel: kestrel);
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-User", "alice");
        Assert.That(await client.GetStringAsync("/hello"), Is.EqualTo("hi"));
        TestContext.Out.WriteLine(client.BaseAddress);
        TestContext.Out.WriteLine(string.Join(", ", memory.Events.Single().Context.Select(kv => kv.Key + "=" + kv.Value)));
    }
}
