namespace EventTracking;

/// <summary>
/// One named frame of the context stack, and the scope that pops it. Frames are immutable and linked to their
/// parent, so an event captures the whole stack by keeping a reference to its innermost frame; the merge into
/// one dictionary happens once per frame, the first time anyone reads it.
/// </summary>
internal sealed class ContextFrame : IDisposable
{
    private object _values;
    private IReadOnlyDictionary<string, object?>? _resolved;
    private Tracker? _owner;

    /// <summary>Creates a frame. Anonymous-object values are read when first needed; anything else is copied now.</summary>
    public ContextFrame(string name, object? values, ContextFrame? parent, Tracker? owner = null)
    {
        Name = name;
        Parent = parent;
        Identity = this;
        _owner = owner;
        _values = EventValues.Capture(values);
    }

    private ContextFrame(ContextFrame original, ContextFrame? parent)
    {
        Name = original.Name;
        Parent = parent;
        Identity = original.Identity;
        _values = original._values;
    }

    public string Name { get; }

    public IReadOnlyDictionary<string, object?> Values => EventValues.Read(ref _values);

    public ContextFrame? Parent { get; }

    /// <summary>
    /// The frame as first pushed. Removing a frame below this one rebuilds this one; the copy keeps the
    /// identity, so the scope that pushed it can still find and remove it.
    /// </summary>
    public ContextFrame Identity { get; }

    /// <summary>The values of this frame over those of all its ancestors (innermost wins).</summary>
    public IReadOnlyDictionary<string, object?> Resolve() => _resolved ??= Merge();

    /// <summary>Pops this frame from its tracker's stack, wherever it now sits; later calls do nothing.</summary>
    /// <remarks>
    /// Not interlocked: a scope belongs to the flow that pushed it, and removing a frame that is already gone does
    /// nothing, so two racing disposals cannot do harm.
    /// </remarks>
    public void Dispose()
    {
        var owner = _owner;
        if (owner is not null)
        {
            _owner = null;
            owner.RemoveFrame(this);
        }
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

    private IReadOnlyDictionary<string, object?> Merge() =>
        Parent is null ? Values : EventValues.Overlay(Parent.Resolve(), Values);
}
