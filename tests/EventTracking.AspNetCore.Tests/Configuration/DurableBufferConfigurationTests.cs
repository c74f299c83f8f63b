using System.Net;
using EventTracking.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EventTracking.AspNetCore.Tests.Configuration;

/// <summary>A durable async routing node configured from appsettings.json, as the issue spells it, in a real Kestrel host.</summary>
public sealed class DurableBufferConfigurationTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "et-durable-config-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task AnAppSettingsFileGivesAKestrelHostADurableNodeUnderTheContentRootWithOwnerOnlyFiles()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "appsettings.json"), """
            { "EventTracking": { "Backends": {
                "forward": { "Type": "AsyncRouting",
                  "Options": { "Buffer": { "Path": "buffer/forward", "MaxBytes": 1073741824 } },
                  "Backends": { "m": { "Type": "InMemory" } } } } } }
            """);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = _directory, EnvironmentName = "Production" });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddEventTracking(builder.Configuration.GetSection("EventTracking"));
        await using var app = builder.Build();
        app.MapPost("/emit/{n:int}", async (int n, Tracker tracker) =>
        {
            await tracker.EmitAsync("test.acknowledged", new { n });
            return Results.NoContent();
        });
        await app.StartAsync();
        var tracker = app.Services.GetRequiredService<Tracker>();
        var node = (AsyncRoutingBackend)tracker.Backend.Backends["forward"];
        var folder = Path.Combine(_directory, "buffer", "forward");

        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        for (var i = 0; i < 5; i++)
        {
            (await http.PostAsync($"/emit/{i}", null)).EnsureSuccessStatusCode();
        }

        // EmitAsync answered: the events are in the segment file (written and fsynced before the acknowledgement).
        var onDisk = string.Concat(Directory.GetFiles(folder, "*.seg").Select(File.ReadAllText));
        await tracker.FlushAsync();
        var stored = ((InMemoryBackend)node.Backends["m"]).Events;

        Assert.Multiple(() =>
        {
            Assert.That(node.IsDurable, Is.True);
            Assert.That(onDisk, Does.Contain("test.acknowledged"));
            Assert.That(stored.Select(e => e.Name), Is.EqualTo(Enumerable.Repeat("test.acknowledged", 5)));
            if (!OperatingSystem.IsWindows())
            {
                Assert.That(File.GetUnixFileMode(folder), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
                foreach (var file in Directory.GetFiles(folder))
                {
                    Assert.That(File.GetUnixFileMode(file), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), Path.GetFileName(file));
                }
            }
        });
        await app.StopAsync();
    }

    [TestCase("\"MaxBytes\": -5", "Buffer:MaxBytes", "-5")]
    [TestCase("\"MaxBytes\": \"lots\"", "Buffer:MaxBytes", "lots")]
    [TestCase("\"Path\": \"\"", "Buffer:Path", "required")]
    [TestCase("\"Path\": \"   \"", "Buffer:Path", "required")]
    [TestCase("\"FullPolicy\": \"Sometimes\"", "Buffer:FullPolicy", "Sometimes")]
    [TestCase("\"FullPolicy\": \"7\"", "Buffer:FullPolicy", "7")]
    [TestCase("\"CommitInterval\": \"-00:00:01\"", "Buffer:CommitInterval", "-00:00:01")]
    [TestCase("\"RetryTimeLimit\": \"00:00:00\"", "Buffer:RetryTimeLimit", "00:00:00")]
    [TestCase("\"SegmentBytes\": 10", "Buffer:SegmentBytes", "10")]
    public void ABadBufferOptionFailsAtStartNamingTheKeyAndTheValue(string option, string key, string value)
    {
        var path = option.Contains("\"Path\"", StringComparison.Ordinal) ? "" : "\"Path\": \"buffer\", ";
        var errors = Errors($$"""
            { "EventTracking": { "Backends": { "forward": { "Type": "AsyncRouting",
                "Options": { "Buffer": { {{path}}{{option}} } }, "Backends": { "m": { "Type": "InMemory" } } } } } }
            """);

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.Contain(key).And.Contain(value));
    }

    [TestCase("not-a-folder")]
    [TestCase("not-a-folder/buffer")]
    public void ABufferPathThatIsAFileOrUnderAFileFailsAtStartNamingThePath(string path)
    {
        File.WriteAllText(Path.Combine(_directory, "not-a-folder"), "x");
        var errors = Errors($$"""
            { "EventTracking": { "Backends": { "forward": { "Type": "AsyncRouting",
                "Options": { "Buffer": { "Path": "{{path}}" } }, "Backends": { "m": { "Type": "InMemory" } } } } } }
            """);

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.Contain("Buffer:Path").And.Contain(Path.Combine(_directory, path)));
    }

    [Test]
    public void InCodeABufferPathThatIsAFileFailsNamingTheOptionAndThePath()
    {
        var file = Path.Combine(_directory, "not-a-folder");
        File.WriteAllText(file, "x");

        Assert.That(
            () => new AsyncRoutingBackend(options: new AsyncRoutingOptions { Buffer = new DurableBufferOptions { Path = file } }),
            Throws.ArgumentException.With.Message.Contains("AsyncRoutingOptions.Buffer.Path").And.Message.Contains(file));
    }

    private IReadOnlyList<string> Errors(string json)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _directory });
        builder.Services.AddEventTracking(TrackerFromConfig.Json(json).GetSection("EventTracking"));
        using var host = builder.Build();
        try
        {
            var tracker = host.Services.GetRequiredService<Tracker>();
            tracker.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return [];
        }
        catch (EventTrackingConfigurationException ex)
        {
            return ex.Errors;
        }
    }
}
