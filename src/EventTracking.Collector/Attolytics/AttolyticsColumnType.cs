namespace EventTracking.Collector;

/// <summary>The column types an Attolytics schema declares, each with the JSON values it accepts.</summary>
internal enum AttolyticsColumnType
{
    /// <summary><c>string</c> (the default): JSON strings only.</summary>
    String,

    /// <summary><c>bool</c>: <c>true</c> or <c>false</c>.</summary>
    Bool,

    /// <summary><c>i32</c>: integers from -2^31 to 2^31-1.</summary>
    I32,

    /// <summary><c>i64</c>: integers from -2^63 to 2^63-1.</summary>
    I64,

    /// <summary><c>f32</c>: any number within single precision's range.</summary>
    F32,

    /// <summary><c>f64</c>: any number.</summary>
    F64,

    /// <summary><c>timestamp</c>: Unix seconds (fractions allowed) or an RFC 3339 string.</summary>
    Timestamp,
}
