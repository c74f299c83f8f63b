namespace EventTracking;

/// <summary>
/// Declares the PostgreSQL store's instruments on the library's <c>EventTracking</c> meter; a backend takes the set of the
/// container that builds it, or the library's own.
/// </summary>
internal static class PostgreSqlMetrics
{
    /// <summary>The attribute naming the table a measurement is about.</summary>
    public const string TableTag = "eventtracking.postgresql.table";

    public static readonly EventTrackingInstruments<PostgreSqlInstruments> Instruments =
        EventTrackingDiagnostics.CreateInstruments(meter => new PostgreSqlInstruments(meter));
}
