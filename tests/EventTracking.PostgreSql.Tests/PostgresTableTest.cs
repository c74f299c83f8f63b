namespace EventTracking.Tests;

/// <summary>
/// A test against the real PostgreSQL server (see <see cref="PostgresServer.Require"/>) in a table of its own, named
/// anew for each test and dropped afterwards.
/// </summary>
public abstract class PostgresTableTest
{
    /// <summary>The server's connection string.</summary>
    protected string Server { get; private set; } = null!;

    /// <summary>This test's table.</summary>
    protected string Table { get; private set; } = null!;

    [SetUp]
    public void Connect()
    {
        Server = PostgresServer.Require();
        Table = PostgresServer.NewTableName();
    }

    [TearDown]
    public async Task DropTable()
    {
        if (Table is not null && Server is { Length: > 0 })
        {
            await PostgresServer.ExecuteAsync(Server, $"DROP TABLE IF EXISTS \"{Table}\" CASCADE");
        }
    }
}
