using System.Security.Cryptography;
using System.Text;
using EventTracking.Collector.Tests.Microticks.Support;
using EventTracking.Collector.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EventTracking.Collector.Tests.Microticks;

/// <summary>The operator's commands: <c>microticks create-consumer NAME</c> and its companions.</summary>
public sealed class MicroticksCommandTests
{
    private CollectorTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartHost() => _host = await CollectorTestHost.StartAsync(h => h.MicroticksWithReadKey());

    [OneTimeTearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    [SetUp]
    public Task SetUp() => _host.ResetAsync();

    [Test]
    public async Task CreatingAConsumerShowsItsKeyOnceAndStoresOnlyItsHash()
    {
        using var output = new StringWriter();

        var exitCode = await _host.RunCommandAsync(output, "microticks", "create-consumer", "touch-table");

        Assert.That(exitCode, Is.Zero);
        var lines = output.ToString().Split(Environment.NewLine);
        Assert.That(lines[0], Is.EqualTo("Created new consumer \"touch-table\" (id 1)"));
        Assert.That(lines[1], Does.Match("^Consumer key: [0-9a-f]{32}$"));
        var key = lines[1]["Consumer key: ".Length..];
        await using var connection = new SqliteConnection($"Data Source={_host.Store.Path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, key_hash FROM microticks_consumers;";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True);
        Assert.That(reader.GetString(0), Is.EqualTo("touch-table"));
        Assert.That((byte[])reader.GetValue(1), Is.EqualTo(SHA256.HashData(Encoding.UTF8.GetBytes(key))));
        foreach (var file in Directory.GetFiles(_host.Folder))
        {
            Assert.That(Encoding.ASCII.GetString(await File.ReadAllBytesAsync(file)), Does.Not.Contain(key), file);
        }
    }

    [Test]
    public async Task ANameCanBeTakenOnlyOnce()
    {
        await _host.CreateConsumerAsync("touch-table");
        using var output = new StringWriter();

        Assert.That(await _host.RunCommandAsync(output, "microticks", "create-consumer", "touch-table"), Is.EqualTo(1));
        Assert.That(output.ToString(), Does.StartWith("A consumer named \"touch-table\" already exists."));
    }

    [TestCase("   ")]
    [TestCase("tab\there")]
    public async Task ANameMustBeVisibleText(string name)
    {
        using var output = new StringWriter();

        Assert.That(await _host.RunCommandAsync(output, "microticks", "create-consumer", name), Is.EqualTo(1));
        Assert.That(output.ToString(), Does.StartWith("A consumer name must have 1 to 200 characters"));
    }

    [Test]
    public async Task ConsumersAreListedWithoutTheirKeys()
    {
        var key = await _host.CreateConsumerAsync("lobby");
        await _host.CreateConsumerAsync("library");
        using var deactivated = new StringWriter();
        Assert.That(await _host.RunCommandAsync(deactivated, "microticks", "deactivate-consumer", "lobby"), Is.Zero);
        Assert.That(deactivated.ToString(), Does.StartWith("Deactivated consumer \"lobby\""));
        using var output = new StringWriter();

        Assert.That(await _host.RunCommandAsync(output, "microticks", "list-consumers"), Is.Zero);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[0], Does.Match("^1\tlobby\tcreated .+\tdeactivated .+$"));
        Assert.That(lines[1], Does.Match("^2\tlibrary\tcreated .+\tactive$"));
        Assert.That(output.ToString(), Does.Not.Contain(key));
    }

    [Test]
    public async Task DeactivatingAnUnknownConsumerFails()
    {
        using var output = new StringWriter();

        Assert.That(await _host.RunCommandAsync(output, "microticks", "deactivate-consumer", "nobody"), Is.EqualTo(1));
        Assert.That(output.ToString(), Does.StartWith("There is no consumer named \"nobody\"."));
    }

    [TestCase("microticks")]
    [TestCase("microticks", "create-consumer")]
    [TestCase("microticks", "list-consumers", "extra")]
    [TestCase("microticks", "create-consumer", "a", "b")]
    [TestCase("microticks", "createconsumer", "a")]
    public async Task WrongArgumentsShowTheUsage(params string[] args)
    {
        using var output = new StringWriter();

        Assert.That(await _host.RunCommandAsync(output, args), Is.EqualTo(2));
        Assert.That(output.ToString(), Does.StartWith("Usage:"));
    }

    [Test]
    public async Task SettingsAfterTheCommandAreLeftToTheHost()
    {
        using var output = new StringWriter();

        Assert.That(await _host.RunCommandAsync(output, "microticks", "create-consumer", "kiosk", "--environment", "Production", "--urls=x"), Is.Zero, output.ToString());
        Assert.That(output.ToString(), Does.StartWith("Created new consumer \"kiosk\""));
    }

    [Test]
    public async Task OtherArgumentsAreNotACommand()
    {
        using var output = new StringWriter();

        Assert.That(await _host.RunCommandAsync(output, "--urls", "http://127.0.0.1:0"), Is.Null);
        Assert.That(await _host.RunCommandAsync(output), Is.Null);
        Assert.That(output.ToString(), Is.Empty);
    }

    [Test]
    public async Task TheCommandRunsOnAHostThatWasNeverStarted()
    {
        var path = Path.Combine(_host.Folder, "cli.db");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddEventTracking(t => t.AddAsyncRouting("store", s => s.AddSqlite(path))).AddMicroticks();
        using var app = builder.Build();
        using var output = new StringWriter();

        Assert.That(await app.RunMicroticksCommandAsync(["microticks", "create-consumer", "kiosk"], output), Is.Zero, output.ToString());
        Assert.That(File.Exists(path), Is.True, "the file of the tree's SQLite store");
    }

    [Test]
    public async Task WithoutTheSurfaceTheCommandSaysSo()
    {
        using var app = Host.CreateApplicationBuilder().Build();
        using var output = new StringWriter();

        Assert.That(await app.RunMicroticksCommandAsync(["microticks", "list-consumers"], output), Is.EqualTo(1));
        Assert.That(output.ToString(), Does.StartWith("The Microticks surface is not enabled"));
    }
}
