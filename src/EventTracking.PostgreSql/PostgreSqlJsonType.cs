namespace EventTracking;

/// <summary>The column type of <c>context</c> and <c>data</c> in a table a <see cref="PostgreSqlBackend"/> creates.</summary>
public enum PostgreSqlJsonType
{
    /// <summary>
    /// <c>jsonb</c>: parsed into PostgreSQL's binary form on the way in, so key look-ups (<c>-&gt;&gt;</c>, the reader's
    /// context filters), containment (<c>@&gt;</c>) and GIN indexes are at hand. Keys come back sorted by PostgreSQL's
    /// rules, a repeated key once.
    /// </summary>
    Jsonb = 0,

    /// <summary>
    /// <c>json</c>: checked and kept as the canonical text the library wrote, key order included. Cheaper to write
    /// (about 1 µs less server CPU per event); each key look-up parses the text, and <c>@&gt;</c> and GIN indexes need a
    /// cast or an expression index.
    /// </summary>
    Json = 1,
}
