namespace EventTracking.Collector.Tests.Attolytics;

/// <summary>Schema files used by the tests.</summary>
internal static class AttolyticsSchemas
{
    public const string MyApp = "com.example.myapp";
    public const string MyAppKey = "qD3eRda0709mD/3kGp4DlJtEQy5aMY0m";
    public const string MyAppOrigin = "http://example.com";
    public const string Anywhere = "com.example.anywhere";
    public const string AnywhereKey = "another-secret-key";

    /// <summary>The compat file's example, plus a table with every type for the second app, which allows any origin.</summary>
    public const string Example = """
        # As in Attolytics' schema-example.conf.yaml; the stores are EventTracking's, so this is ignored.
        database_url: postgres://myuser:mypassword@localhost:5432/attolytics
        tables:
          events:
            columns:
              - {name: time, type: timestamp, indexed: true}
              - {name: referer, type: string, header: Referer}
              - {name: platform, type: string, required: true, indexed: true}
              - {name: version, type: string, required: true, indexed: true}
              - {name: user_id, type: string}
              - {name: event_type, type: string, required: true, indexed: true}
              - {name: score, type: i32}
          metrics:
            columns:
              - {name: at, type: timestamp, required: true}
              - {name: ok, type: bool}
              - {name: attempt, type: i32, required: true}
              - {name: count, type: i64}
              - {name: ratio, type: f32}
              - {name: value, type: f64}
              - {name: agent, header: User-Agent, required: true}
              - name: run
        apps:
          com.example.myapp:
            secret_key: qD3eRda0709mD/3kGp4DlJtEQy5aMY0m
            access_control_allow_origin: http://example.com   # default "*"
            tables: [events]
          com.example.anywhere:
            secret_key: another-secret-key
            tables:
              - events
              - metrics
        """;
}
