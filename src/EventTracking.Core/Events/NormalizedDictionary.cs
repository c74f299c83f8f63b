namespace EventTracking;

/// <summary>
/// The dictionary type events hold. It is only written while being built, before any event shares it,
/// and exposed through <see cref="IReadOnlyDictionary{TKey,TValue}"/> afterwards.
/// </summary>
internal sealed class NormalizedDictionary : Dictionary<string, object?>
{
    public NormalizedDictionary()
        : base(StringComparer.Ordinal)
    {
    }

    public NormalizedDictionary(int capacity)
        : base(capacity, StringComparer.Ordinal)
    {
    }

    public NormalizedDictionary(IReadOnlyDictionary<string, object?> source)
        : base(source, StringComparer.Ordinal)
    {
    }
}
