namespace EventTracking.AspNetCore;

/// <summary>The <c>Options</c> of a configured <c>RegexFilter</c> processor.</summary>
internal sealed class RegexFilterOptions
{
    public RegexFilterType FilterType { get; set; } = RegexFilterType.Allowlist;

    public string[] Patterns { get; set; } = [];
}
