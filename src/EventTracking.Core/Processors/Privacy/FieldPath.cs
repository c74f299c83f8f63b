namespace EventTracking;

/// <summary>A dotted path into an event, such as <c>context.user_id</c>: its section (context or data) and the keys below it.</summary>
internal sealed class FieldPath
{
    private FieldPath(string text, bool inContext, string[] keys)
    {
        Text = text;
        InContext = inContext;
        Keys = keys;
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>Whether the path starts at <c>context</c> (else at <c>data</c>).</summary>
    public bool InContext { get; }

    /// <summary>The keys after the section, at least one.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>Parses a path; <paramref name="what"/> names the setting in the error.</summary>
    /// <exception cref="ArgumentException">The path is empty, has an empty segment, or does not start at context or data.</exception>
    public static FieldPath Parse(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException($"{what} is empty; write a dotted path such as 'context.user_id'.", what);
        }

        var segments = text.Split('.');
        var inContext = string.Equals(segments[0], "context", StringComparison.OrdinalIgnoreCase);
        if (!inContext && !string.Equals(segments[0], "data", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"{what} '{text}' must start with 'context.' or 'data.'.", what);
        }

        if (segments.Length < 2 || segments.Any(s => s.Length == 0))
        {
            throw new ArgumentException($"{what} '{text}' has an empty segment; write a dotted path such as 'context.user_id'.", what);
        }

        return new FieldPath(text, inContext, segments[1..]);
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
