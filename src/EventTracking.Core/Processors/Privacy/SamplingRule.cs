namespace EventTracking;

/// <summary>One rule of a <see cref="Sampler"/>: the events whose names match <see cref="Pattern"/> are kept at <see cref="Rate"/>.</summary>
public sealed class SamplingRule
{
    /// <summary>A .NET regular expression matched at the start of the event name, as <see cref="RegexFilter"/> does
    /// (<c>^edx\.video\.</c>); an empty pattern matches every event.</summary>
    public string Pattern { get; set; } = string.Empty;

    /// <summary>The share of users whose matching events are kept, from 0 (none) to 1 (all).</summary>
    public double Rate { get; set; } = 1.0;

    /// <summary>A rule.</summary>
    /// <param name="pattern">The name pattern.</param>
    /// <param name="rate">The share kept, 0 to 1.</param>
    /// <returns>The rule.</returns>
    public static SamplingRule For(string pattern, double rate) => new() { Pattern = pattern, Rate = rate };
}
