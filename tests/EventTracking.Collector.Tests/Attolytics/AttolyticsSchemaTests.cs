using System.Reflection;

namespace EventTracking.Collector.Tests.Attolytics;

/// <summary>The schema file: what it declares, and every mistake named with the file, the path and the line.</summary>
public sealed class AttolyticsSchemaTests
{
    private const string File = "/etc/atto/schema.conf.yaml";

    [Test]
    public void TheExampleSchemaDeclaresTablesColumnsAndApps()
    {
        var schema = AttolyticsSchemaLoader.Parse(AttolyticsSchemas.Example, File);

        var app = schema.Apps[AttolyticsSchemas.MyApp];
        Assert.That(app.AllowedOrigin, Is.EqualTo(AttolyticsSchemas.MyAppOrigin));
        Assert.That(app.Tables.Keys, Is.EqualTo(new[] { "events" }));
        Assert.That(app.Tables["events"].Columns, Is.EqualTo(new[]
        {
            new AttolyticsColumn("time", AttolyticsColumnType.Timestamp, null, false),
            new AttolyticsColumn("referer", AttolyticsColumnType.String, "Referer", false),
            new AttolyticsColumn("platform", AttolyticsColumnType.String, null, true),
            new AttolyticsColumn("version", AttolyticsColumnType.String, null, true),
            new AttolyticsColumn("user_id", AttolyticsColumnType.String, null, false),
            new AttolyticsColumn("event_type", AttolyticsColumnType.String, null, true),
            new AttolyticsColumn("score", AttolyticsColumnType.I32, null, false),
        }));
        var anywhere = schema.Apps[AttolyticsSchemas.Anywhere];
        Assert.That(anywhere.AllowedOrigin, Is.Null, "the default is *");
        Assert.That(anywhere.Tables.Keys, Is.EquivalentTo(new[] { "events", "metrics" }));
        Assert.That(anywhere.Tables["metrics"].Columns.Select(c => c.Type), Is.EqualTo(new[]
        {
            AttolyticsColumnType.Timestamp, AttolyticsColumnType.Bool, AttolyticsColumnType.I32, AttolyticsColumnType.I64,
            AttolyticsColumnType.F32, AttolyticsColumnType.F64, AttolyticsColumnType.String, AttolyticsColumnType.String,
        }));
        Assert.That(schema.HeaderNames, Is.EqualTo(new[] { "Referer", "User-Agent" }));
    }

    [Test]
    public void SecretKeysAreKeptOnlyAsHashes()
    {
        var app = AttolyticsSchemaLoader.Parse(AttolyticsSchemas.Example, File).Apps[AttolyticsSchemas.MyApp];

        var fields = typeof(AttolyticsApp).GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
        Assert.That(fields.Select(f => f.GetValue(app)).OfType<string>(), Has.None.Contains(AttolyticsSchemas.MyAppKey));
        Assert.That(app.HasSecretKey(AttolyticsSchemas.MyAppKey), Is.True);
        Assert.That(app.HasSecretKey(AttolyticsSchemas.MyAppKey[..^1]), Is.False);
    }

    [TestCase("  events:\n    columns:\n      - {name: score, type: int}", "tables.events.columns[0].type: unknown type 'int'; expected one of bool, i32, i64, f32, f64, string, timestamp (line 4, column 29)")]
    [TestCase("  events:\n    columns:\n      - {name: a}\n      - {name: a, type: i64}", "tables.events.columns[1].name: duplicate column 'a' in table 'events' (line 5, column 9)")]
    [TestCase("  events:\n    columns:\n      - {name: n, type: i32, header: X-Level}", "tables.events.columns[0].header: a column read from a header must be of type string, not i32 (line 4, column 38)")]
    [TestCase("  events:\n    columns:\n      - {name: n, requried: true}", "tables.events.columns[0]: unknown key 'requried'; expected name, type, header, required, indexed (line 4, column 19)")]
    [TestCase("  events:\n    columns:\n      - {name: n, required: maybe}", "tables.events.columns[0].required: must be true or false (line 4, column 29)")]
    [TestCase("  events:\n    columns:\n      - {type: i32}", "tables.events.columns[0]: 'name' is required (line 4, column 9)")]
    [TestCase("  events:\n    columns:\n      - {name: _t}", "tables.events.columns[0].name: '_t' names the table of each event and cannot be a column (line 4, column 9)")]
    [TestCase("  events:\n    columns: {name: n}", "tables.events.columns: must be a list (line 3, column 14)")]
    [TestCase("  events: {}", "tables.events: 'columns' is required (line 2, column 11)")]
    public void ATableMistakeIsNamedWithItsPathAndLine(string tables, string error)
    {
        var yaml = $"tables:\n{tables}\napps:\n  a:\n    secret_key: test-secret-key-16\n    tables: []\n";

        var ex = Assert.Throws<EventTrackingConfigurationException>(() => AttolyticsSchemaLoader.Parse(yaml, File));

        Assert.That(ex!.Errors, Is.EqualTo(new[] { $"{File}: {error}" }));
    }

    [TestCase("  com.example.app:\n    secret_key: test-secret-key-16\n    tables: [events, scores]", "apps['com.example.app'].tables[1]: app 'com.example.app' refers to table 'scores', which is not defined under 'tables' (line 7, column 22)")]
    [TestCase("  app:\n    tables: [events]", "apps.app: 'secret_key' is required (line 6, column 5)")]
    [TestCase("  app:\n    secret_key: ''\n    tables: [events]", "apps.app.secret_key: must not be empty (line 6, column 17)")]
    [TestCase("  app:\n    secret_key: test-secret-key-16", "apps.app: 'tables' is required (line 6, column 5)")]
    [TestCase("  app:\n    secret_key: test-secret-key-16\n    tables: events", "apps.app.tables: must be a list (line 7, column 13)")]
    [TestCase("  app:\n    secret_key: test-secret-key-16\n    tables: []\n    access_control_allow_origin: http://example.com/", "apps.app.access_control_allow_origin: 'http://example.com/' is not '*' or an origin such as https://example.com (scheme, host and a port other than the default; no path) (line 8, column 34)")]
    [TestCase("  app:\n    secret_key: test-secret-key-16\n    tables: []\n    allowed_origin: '*'", "apps.app: unknown key 'allowed_origin'; expected secret_key, access_control_allow_origin, tables (line 8, column 5)")]
    public void AnAppMistakeIsNamedWithItsPathAndLine(string apps, string error)
    {
        var yaml = $"tables:\n  events:\n    columns: []\napps:\n{apps}\n";

        var ex = Assert.Throws<EventTrackingConfigurationException>(() => AttolyticsSchemaLoader.Parse(yaml, File));

        Assert.That(ex!.Errors, Is.EqualTo(new[] { $"{File}: {error}" }));
    }

    [TestCase("short", "is 5 characters long; at least 16 are required (generate one with: openssl rand -base64 24)", TestName = "a secret key of 5 characters")]
    [TestCase("fifteen-chars-x", "is 15 characters long; at least 16 are required (generate one with: openssl rand -base64 24)", TestName = "a secret key one character short")]
    [TestCase("\"\U0001F511\U0001F511\U0001F511\U0001F511\U0001F511\U0001F511\U0001F511\U0001F511\U0001F511\U0001F511\U0001F511\U0001F511\U0001F511\U0001F511\U0001F511\"", "is 15 characters long; at least 16 are required (generate one with: openssl rand -base64 24)", TestName = "a secret key of 15 characters outside the BMP")]
    [TestCase("\"a-long-secret-key\\twith-a-tab\"", "holds a control or format character, a line break or an unpaired surrogate; use printable characters only", TestName = "a secret key with a tab")]
    [TestCase("\"a-long-secret-key\\u202Ereversed\"", "holds a control or format character, a line break or an unpaired surrogate; use printable characters only", TestName = "a secret key with a bidirectional override")]
    [TestCase("' a-long-secret-key-0123 '", "begins or ends with white space, which is easily lost on the way to the client; remove it", TestName = "a secret key padded with spaces")]
    public void AWeakSecretKeyIsRefusedNamingTheAppButNotTheKey(string secretKey, string reason)
    {
        var yaml = $"tables:\n  events:\n    columns: []\napps:\n  com.example.app:\n    secret_key: {secretKey}\n    tables: [events]\n";

        var ex = Assert.Throws<EventTrackingConfigurationException>(() => AttolyticsSchemaLoader.Parse(yaml, File));

        Assert.That(ex!.Errors, Is.EqualTo(new[] { $"{File}: apps['com.example.app'].secret_key: the secret key of app 'com.example.app' {reason} (line 6, column 17)" }));
        var written = secretKey.Trim('"', '\'', ' ');
        Assert.That(ex.Message, Does.Not.Contain(written[..Math.Min(written.Length, 8)]), "the key itself is never shown");
    }

    [TestCase("com.example/app", "com.example/app", TestName = "an app id with a slash")]
    [TestCase("\"com.example\\napp\"", "com.example\\napp", TestName = "an app id with a line break")]
    [TestCase("\"com.example\\u202Eapp\"", "com.example\\u202Eapp", TestName = "an app id with a bidirectional override")]
    public void AnAppIdNoRequestCouldNameIsRefused(string id, string shown)
    {
        var yaml = $"tables:\n  events:\n    columns: []\napps:\n  {id}:\n    secret_key: test-secret-key-16\n    tables: [events]\n";

        var ex = Assert.Throws<EventTrackingConfigurationException>(() => AttolyticsSchemaLoader.Parse(yaml, File));

        Assert.That(ex!.Errors, Is.EqualTo(new[] { $"{File}: apps: app id '{shown}' holds a '/', a control or format character, a line break or an unpaired surrogate, so no request could name it (line 5, column 3)" }));
    }

    [Test]
    public void ASecretKeyOf16CharactersIsEnough()
    {
        var yaml = "tables:\n  events:\n    columns: []\napps:\n  app:\n    secret_key: 0123456789abcdef\n    tables: [events]\n";

        var app = AttolyticsSchemaLoader.Parse(yaml, File).Apps["app"];

        Assert.That(app.HasSecretKey("0123456789abcdef"), Is.True);
    }

    [Test]
    public void EveryMistakeIsReportedAtOnce()
    {
        const string yaml = """
            tables:
              events:
                columns:
                  - {name: a, type: integer}
                  - {name: b, type: bool, header: X-B}
            apps:
              app:
                secret_key: test-secret-key-16
                tables: [event]
            """;

        var ex = Assert.Throws<EventTrackingConfigurationException>(() => AttolyticsSchemaLoader.Parse(yaml, File));

        Assert.That(ex!.Errors, Has.Count.EqualTo(3));
        Assert.That(ex.Message, Does.Contain("3 errors"));
        Assert.That(ex.Errors, Has.All.StartsWith(File + ": "));
    }

    [TestCase("tables: [", "is not valid YAML")]
    [TestCase("tables:\n  events:\n    columns: []\n  events:\n    columns: []\napps: {}", "is not valid YAML")]
    [TestCase("", "must hold exactly one YAML document")]
    [TestCase("- tables", "(root): must be a mapping")]
    [TestCase("apps: {}", "(root): 'tables' is required")]
    [TestCase("tables: {}\napps: {}\nusers: {}", "(root): unknown key 'users'; expected tables, apps")]
    public void AFileThatIsNoSchemaIsRefused(string yaml, string error)
    {
        var ex = Assert.Throws<EventTrackingConfigurationException>(() => AttolyticsSchemaLoader.Parse(yaml, File));

        Assert.That(ex!.Message, Does.StartWith(File).Or.StartWith($"Attolytics schema file '{File}'"));
        Assert.That(ex.Message, Does.Contain(error));
    }

    [Test]
    public void AMissingFileIsNamed()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "schema.yaml");

        var ex = Assert.Throws<EventTrackingConfigurationException>(() => AttolyticsSchemaLoader.Load(path));

        Assert.That(ex!.Message, Does.StartWith($"Attolytics schema file '{path}' could not be read"));
    }

    [Test]
    public void TypeDefaultsToStringAndRequiredAndIndexedDefaultToFalse()
    {
        var schema = AttolyticsSchemaLoader.Parse("tables:\n  t:\n    columns:\n      - name: c\napps:\n  a:\n    secret_key: test-secret-key-16\n    tables: [t]\n", File);

        Assert.That(schema.Apps["a"].Tables["t"].Columns.Single(), Is.EqualTo(new AttolyticsColumn("c", AttolyticsColumnType.String, null, false)));
    }

    [Test]
    public void ATableNameOutsideTheEventNameAlphabetIsRefused()
    {
        // A table's name becomes the name of its events; YAML's "\n" escape puts a line feed in it.
        const string yaml = "tables:\n  \"bad\\nname\":\n    columns:\n      - name: c\napps:\n  a:\n    secret_key: test-secret-key-16\n    tables: []\n";

        var ex = Assert.Throws<EventTrackingConfigurationException>(() => AttolyticsSchemaLoader.Parse(yaml, File));

        Assert.That(ex!.Message, Does.Contain(@"bad\nname").And.Contain("U+000A").And.Not.Contain("bad\nname"));
    }
}
