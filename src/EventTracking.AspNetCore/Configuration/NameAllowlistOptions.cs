namespace EventTracking.AspNetCore;

/// <summary>The <c>Options</c> of a configured <c>NameAllowlist</c> processor.</summary>
internal sealed class NameAllowlistOptions
{
    public string[] Names { get; set; } = [];
}
