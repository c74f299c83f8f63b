using System.Diagnostics.Metrics;

namespace EventTracking;

/// <summary>The PostgreSQL store's instruments on one <c>EventTracking</c> meter.</summary>
internal sealed class PostgreSqlInstruments
{
    public PostgreSqlInstruments(Meter meter)
    {
        ConflictFallbacks = meter.CreateCounter<long>(
            "eventtracking.postgresql.conflict_fallbacks",
            "{batch}",
            "Batches whose direct binary COPY hit a duplicate key (SQLSTATE 23505) and were stored through the staging table instead, tagged with the table (eventtracking.postgresql.table, schema-qualified when a schema is set).");
        DuplicatesSkipped = meter.CreateCounter<long>(
            "eventtracking.postgresql.duplicates_skipped",
            "{event}",
            "Events not stored because their id was already stored or repeated in the batch (a replay or a redelivery), tagged with the table (eventtracking.postgresql.table, schema-qualified when a schema is set).");
    }

    public Counter<long> ConflictFallbacks { get; }

    public Counter<long> DuplicatesSkipped { get; }
}
