namespace EventTracking.Dashboard.Rendering;

/// <summary>HTML that is already safe: literal markup of the dashboard, or text already encoded. Never event text.</summary>
internal readonly record struct Markup(string Value)
{
    public static Markup Empty { get; } = new(string.Empty);

    public override string ToString() => Value;
}
