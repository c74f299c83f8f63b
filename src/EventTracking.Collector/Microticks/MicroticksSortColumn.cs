namespace EventTracking.Collector;

/// <summary>One ORDER BY term of a read route: a known column's SQL expression and its direction.</summary>
internal sealed record MicroticksSortColumn(string Expression, bool Descending)
{
    public string Sql => Descending ? $"{Expression} DESC" : $"{Expression} ASC";
}
