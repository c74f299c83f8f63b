namespace EventTracking.Tests;

public sealed class PostgreSqlBackendOptionsTests
{
    [TestCase("")]
    [TestCase("Events")]
    [TestCase("events; DROP TABLE x")]
    [TestCase("1events")]
    [TestCase("a_table_name_that_is_longer_than_forty_chars")]
    public void ATableNameThatIsNotAPlainIdentifierIsRefusedByName(string table)
    {
        var ex = Assert.Throws<ArgumentException>(() => new PostgreSqlBackend(new PostgreSqlBackendOptions { ConnectionString = "Host=localhost", Table = table }));

        Assert.That(ex!.ParamName, Is.EqualTo("Table"));
        Assert.That(ex.Message, Does.Contain("PostgreSqlBackendOptions.Table"));
    }

    [Test]
    public void AMissingConnectionStringIsRefusedByName()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PostgreSqlBackend(new PostgreSqlBackendOptions()));

        Assert.That(ex!.ParamName, Is.EqualTo("ConnectionString"));
    }

    [Test]
    public void AConnectionStringNpgsqlCannotReadIsRefusedByNameWithTheKeyItCouldNotSet()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PostgreSqlBackend(new PostgreSqlBackendOptions { ConnectionString = "Host=db;Password=secret;Port=abc" }));

        Assert.That(ex!.ParamName, Is.EqualTo("ConnectionString"));
        Assert.That(ex.Message, Does.StartWith("PostgreSqlBackendOptions.ConnectionString is not a valid connection string:").And.Contain("port"));
        Assert.That(ex.Message, Does.Not.Contain("secret"));
    }

    [TestCase("Host=db;Password=secret;Colour=blue", "colour")]
    [TestCase("garbage=;;", "unknown key 'garbage'")]
    public void AConnectionStringWithAKeyNpgsqlDoesNotKnowIsRefusedNamingTheKey(string connectionString, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => new PostgreSqlBackend(new PostgreSqlBackendOptions { ConnectionString = connectionString }));

        Assert.That(ex!.ParamName, Is.EqualTo("ConnectionString"));
        Assert.That(ex.Message, Does.StartWith("PostgreSqlBackendOptions.ConnectionString is not a valid connection string:").And.Contain(message));
        Assert.That(ex.Message, Does.Not.Contain("secret").And.Not.Contain("blue"));
    }

    [Test]
    public void AnUndefinedPartitioningIsRefusedByName()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PostgreSqlBackend(
            new PostgreSqlBackendOptions { ConnectionString = "Host=localhost", Partitioning = (PostgreSqlPartitioning)7 }));

        Assert.That(ex!.ParamName, Is.EqualTo("Partitioning"));
    }

    [Test]
    public void ACommandTimeoutUnderASecondIsRefusedByName()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PostgreSqlBackend(
            new PostgreSqlBackendOptions { ConnectionString = "Host=localhost", CommandTimeout = TimeSpan.FromMilliseconds(10) }));

        Assert.That(ex!.ParamName, Is.EqualTo("CommandTimeout"));
    }

    [Test]
    public void APostgresUriBecomesAnNpgsqlConnectionString()
    {
        var keyValue = PostgreSqlConnectionStrings.ToKeyValue("postgresql://tracker:p%40ss@db.example:5433/events?Timeout=3");

        Assert.That(keyValue, Does.Contain("Host=db.example").And.Contain("Port=5433").And.Contain("Username=tracker")
            .And.Contain("Password=p@ss").And.Contain("Database=events").And.Contain("Timeout=3"));
    }

    [Test]
    public void AKeyValueConnectionStringIsKeptAsItIs()
    {
        Assert.That(PostgreSqlConnectionStrings.ToKeyValue("Host=a;Database=b"), Is.EqualTo("Host=a;Database=b"));
    }
}
