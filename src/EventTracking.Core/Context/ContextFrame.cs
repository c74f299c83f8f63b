namespace EventTracking;

/// <summary>
/// One named frame of the context stack. Frames are immutable and linked to their parent, so an
/// event captures the whole stack by keeping a reference to its innermost frame; the merge into one
/// dictionary happens once per frame, the first time anyone reads it.
/// </summary>
internal sealed class ContextFrame
{
    private IReadOnlyDictionary<string, object?>? _resolved;

    public ContextFrame(string name, IReadOnlyDictionary<string, object?> values, ContextFrame? parent)
    {
        Name = name;
        Values = values;
        Parent = parent;
        Identity = this;
    }

    private ContextFrame(ContextFrame original, ContextFrame? parent)
    {
        Name = original.Name;
        Values = original.Values;
        Parent = parent;
        Identity = original.Identity;
    }

    public string Name { get; }

    public IReadOnlyDictionary<string, object?> Values { get; }

    public ContextFrame? Parent { get; }

    /// <summary>
    /// The frame as first pushed. Removing a frame below this one rebuilds this one; the copy keeps the
    /// identity, so the scope that pushed it can still find and remove it.
    /// </summary>
    public ContextFrame Identity { get; }

    /// <summary>The values of this frame over those of all its ancestors (innermost wins).</summary>
    public IReadOnlyDictionary<string, object?> Resolve()
    {
        return _resolved ??= Merge();
    }

    /// <summary>Returns the stack with <paramref name="frame"/> taken out, rebuilding only the frames above it.</summary>
    public ContextFrame Without(ContextFrame frame)
    {
        if (ReferenceEquals(Identity, frame.Identity))
        {
            return Parent ?? throw new InvalidOperationException("The root context frame cannot be removed.");
        }

        var parent = Parent ?? throw new InvalidOperationException($"Context '{frame.Name}' is not on this stack.");
        return new ContextFrame(this, parent.Without(frame));
    }

    /// <summary>Finds the innermost frame called <paramref name="name"/>, stopping before the root.</summary>
    public ContextFrame? Find(string name)
    {
        for (var frame = this; frame.Parent is not null; frame = frame.Parent)
        {
            if (string.Equals(frame.Name, name, StringComparison.Ordinal))
            {
                return frame;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="frame"/> is on the stack that ends at this frame.</summary>
    public bool Contains(ContextFrame frame)
    {
        for (var current = this; current is not null; current = current.Parent)
        {
            if (ReferenceEquals(current.Identity, frame.Identity))
            {
                return true;
            }
        }

        return false;
    }

    private IReadOnlyDictionary<string, object?> Merge()
    {
        if (Parent is null)
        {
            return Values;
        }

        var inherited = Parent.Resolve();
        if (Values.Count == 0)
        {
            return inherited;
        }

        if (inherited.Count == 0)
        {
            return Values;
        }

        var merged = new NormalizedDictionary(inherited);
        foreach (var (key, value) in Values)
        {
            merged[key] = value;
        }

        return merged;
    }
}
