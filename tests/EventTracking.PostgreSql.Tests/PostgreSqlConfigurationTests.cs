using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EventTracking.Tests;

/// <summary><c>"Type": "PostgreSql"</c> in the configuration tree, bound through <c>AddEventTracking(configuration)</c>.</summary>
public sealed class PostgreSqlConfigurationTests
{
    [Test]
    public async Task APostgreSqlNodeIsBoundWithItsOptions()
    {
        await using var provider = Build(new()
        {
            ["EventTracking:Backends:store:Type"] = "AsyncRouting",
            ["EventTracking:Backends:store:Backends:pg:Type"] = "PostgreSql",
            ["EventTracking:Backends:store:Backends:pg:Options:ConnectionString"] = "Host=db.example;Database=events",
            ["EventTracking:Backends:store:Backends:pg:Options:Table"] = "page_views",
            ["EventTracking:Backends:store:Backends:pg:Options:Partitioning"] = "Monthly",
        });

        var store = (AsyncRoutingBackend)provider.GetRequiredService<Tracker>().Backend.Backends["store"];

        Assert.That(((PostgreSqlBackend)store.Backends["pg"]).Table, Is.EqualTo("\"page_views\""));
    }

    [Test]
    public async Task ATrackerBoundFromConfigurationStoresInPostgreSql()
    {
        var server = PostgresServer.Require();
        var table = PostgresServer.NewTableName();
        try
        {
            await using (var provider = Build(new()
            {
                ["EventTracking:Backends:store:Type"] = "AsyncRouting",
                ["EventTracking:Backends:store:Backends:pg:Type"] = "PostgreSql",
                ["EventTracking:Backends:store:Backends:pg:Options:ConnectionString"] = server,
                ["EventTracking:Backends:store:Backends:pg:Options:Table"] = table,
                ["EventTracking:Backends:store:Backends:pg:Options:JsonType"] = "Json",
            }))
            {
                var tracker = provider.GetRequiredService<Tracker>();
                tracker.Emit("configured.event", new { n = 1 });
                await tracker.FlushAsync();
            }

            Assert.That(await PostgresServer.ScalarAsync<string>(server, $"SELECT name FROM \"{table}\""), Is.EqualTo("configured.event"));
            Assert.That(await PostgresServer.ScalarAsync<string>(server, $"SELECT pg_typeof(data)::text FROM \"{table}\""), Is.EqualTo("json"));
        }
        finally
        {
            await PostgresServer.ExecuteAsync(server, $"DROP TABLE IF EXISTS \"{table}\"");
        }
    }

    [Test]
    public void AnInvalidTableIsReportedWithItsConfigurationPath()
    {
        var ex = Assert.Throws<EventTrackingConfigurationException>(() =>
        {
            using var provider = Build(new()
            {
                ["EventTracking:Backends:pg:Type"] = "PostgreSql",
                ["EventTracking:Backends:pg:Options:ConnectionString"] = "Host=localhost",
                ["EventTracking:Backends:pg:Options:Table"] = "Bad-Name",
            });
            provider.GetRequiredService<Tracker>();
        });

        Assert.That(ex!.Message, Does.Contain("EventTracking:Backends:pg:Options:Table"));
    }

    [Test]
    public void AnUnknownOptionIsReportedWithItsConfigurationPath()
    {
        var ex = Assert.Throws<EventTrackingConfigurationException>(() =>
        {
            using var provider = Build(new()
            {
                ["EventTracking:Backends:pg:Type"] = "PostgreSql",
                ["EventTracking:Backends:pg:Options:ConnectionString"] = "Host=localhost",
                ["EventTracking:Backends:pg:Options:TableName"] = "events",
            });
            provider.GetRequiredService<Tracker>();
        });

        Assert.That(ex!.Message, Does.Contain("EventTracking:Backends:pg:Options:TableName"));
    }

    private static ServiceProvider Build(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddEventTracking(configuration.GetSection("EventTracking"));
        return services.BuildServiceProvider();
    }
}
