namespace EventTracking;

/// <summary>The list type events hold; exposed only as <see cref="IReadOnlyList{T}"/> once built.</summary>
internal sealed class NormalizedList : List<object?>
{
    public NormalizedList()
    {
    }

    public NormalizedList(int capacity)
        : base(capacity)
    {
    }
}
