using System.Globalization;

namespace EventTracking.Reading;

/// <summary>What <see cref="IEventReader.GetCatalogAsync"/> lists and how deeply it looks at each name.</summary>
public sealed record EventCatalogQuery
{
    /// <summary>Which events; every event unless told otherwise.</summary>
    public EventFilter Filter { get; init; } = EventFilter.All;

    /// <summary>Whether to infer the fields of each name; <see langword="true"/> unless told otherwise.</summary>
    public bool IncludeFields { get; init; } = true;

    /// <summary>How many of the newest events of each name are inspected for fields: 200 unless told otherwise, 1 to 100,000.</summary>
    public int SamplePerName { get; init; } = 200;

    /// <summary>How many distinct example values to keep per field: 3 unless told otherwise, 0 to 20.</summary>
    public int MaxExamples { get; init; } = 3;

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value is invalid; the message names it.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Filter, "EventCatalogQuery.Filter");
        Filter.Validate();
        if (SamplePerName is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(
                nameof(SamplePerName), SamplePerName, string.Create(CultureInfo.InvariantCulture, $"EventCatalogQuery.SamplePerName must be between 1 and 100000, not {SamplePerName}."));
        }

        if (MaxExamples is < 0 or > 20)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxExamples), MaxExamples, string.Create(CultureInfo.InvariantCulture, $"EventCatalogQuery.MaxExamples must be between 0 and 20, not {MaxExamples}."));
        }
    }
}
