using System.Text.Json;

namespace EventTracking;

/// <summary>
/// One named frame of the context stack, the scope that pops it, and the merged context of the stack that ends at it.
/// </summary>
/// <remarks>
/// <para>
/// Frames are immutable and linked to their parent, so an event captures the whole stack by keeping its innermost
/// frame. Lookups go innermost-first and build nothing, and serializers walk the frames in place
/// (<see cref="ForEach{TVisitor}"/>); enumeration yields each key once, where it first appears from the outermost frame,
/// with the innermost frame's value (the order and values a merge into one dictionary, frame by frame, would give),
/// from an array of the merged pairs that each thread keeps for the frame it enumerated last.
/// </para>
/// <para>
/// A scope remembers the <see cref="ExecutionContext"/> it replaced and the one it made; popping it while the flow
/// still runs in the one it made (nothing else changed an async local since) restores the one it replaced, which
/// costs no allocation, where setting the <see cref="AsyncLocal{T}"/> again would copy the context.
/// </para>
/// </remarks>
internal sealed partial class ContextFrame : ReadOnlyValues, IDisposable
{
    // A scope armed while execution-context flow was suppressed: it can only be popped the slow way.
    private static readonly object Armed = new();

    private object _values;

    // Before Arm: nothing. An armed scope: the ExecutionContext it replaced (or null). A copy made by Without: the
    // original frame. The root: its tracker.
    private object? _link;

    // An armed scope: the ExecutionContext it made, or Armed. Otherwise (not a scope, or popped): null.
    private object? _state;

    /// <summary>Creates a frame. Anonymous-object values are kept as they are (read when needed); anything else is copied now.</summary>
    public ContextFrame(string name, object? values, ContextFrame? parent)
    {
        Name = name;
        Parent = parent;
        _values = EventValues.Capture(values);
    }

    private ContextFrame(ContextFrame original, ContextFrame? parent)
    {
        Name = original.Name;
        Parent = parent;
        _values = original._values;
        _link = original.Identity;
    }

    public string Name { get; }

    public ContextFrame? Parent { get; }

    /// <summary>This frame's own values, in readable form (see <see cref="EventValues.Readable"/>).</summary>
    public ReadableValues OwnValues => EventValues.Readable(ref _values);

    /// <summary>
    /// The frame as first pushed. Removing a frame below this one rebuilds this one; the copy keeps the
    /// identity, so the scope that pushed it can still find and remove it.
    /// </summary>
    public ContextFrame Identity => _link as ContextFrame ?? this;

    /// <inheritdoc />
    public override int Count => Merged().Length;

    /// <summary>Whether no frame of the stack holds a value.</summary>
    public bool IsEmpty
    {
        get
        {
            for (var frame = this; frame is not null; frame = frame.Parent)
            {
                if (!frame.OwnValues.IsEmpty)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The root frame of <paramref name="owner"/>: the process-wide context, below every pushed frame.</summary>
    public static ContextFrame Root(Tracker owner, object? values) => new(string.Empty, values, null) { _link = owner };

    /// <summary>Makes this frame a scope that <see cref="Dispose"/> pops; <paramref name="before"/> and <paramref name="after"/> are the execution contexts around the push.</summary>
    public void Arm(ExecutionContext? before, ExecutionContext? after)
    {
        _link = before;
        _state = before is null ? Armed : (object?)after ?? Armed;
    }

    /// <inheritdoc />
    public override bool TryGetValue(string key, out object? value)
    {
        for (var frame = this; frame is not null; frame = frame.Parent)
        {
            if (frame.OwnValues.TryGetValue(key, out value))
            {
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <inheritdoc />
    public override bool ContainsKey(string key)
    {
        for (var frame = this; frame is not null; frame = frame.Parent)
        {
            if (frame.OwnValues.ContainsKey(key))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)Merged()).GetEnumerator();

    /// <summary>Hands each merged pair to <paramref name="visitor"/>, in enumeration order, without allocating.</summary>
    /// <remarks>
    /// The frames that hold values are read once into a buffer on the stack, innermost first, so each lookup a key
    /// needs (is it held further out? is it overridden further in?) costs no type lookup; a deeper stack is walked
    /// frame by frame.
    /// </remarks>
    public void ForEach<TVisitor>(ref TVisitor visitor)
        where TVisitor : struct, IPairVisitor
    {
        var frames = default(FrameBuffer);
        var count = 0;
        for (var frame = this; frame is not null; frame = frame.Parent)
        {
            var own = frame.OwnValues;
            if (own.IsEmpty)
            {
                continue;
            }

            if (count == FrameBuffer.Length)
            {
                Visit(this, ref visitor);
                return;
            }

            frames[count++] = own;
        }

        for (var i = count - 1; i >= 0; i--)
        {
            var cursor = frames[i].GetCursor();
            while (cursor.MoveNext())
            {
                // Held further out: written there. A lookup reads a value only where its name matches.
                var key = cursor.CurrentKey;
                if (!HoldsKey(frames, i + 1, count, key))
                {
                    visitor.Visit(key, cursor.EncodedKey, Holds(frames, 0, i, key, out var inner) ? FieldValue.Of(inner) : cursor.CurrentField);
                }
            }
        }
    }

    /// <summary>Pops this frame from its tracker's stack, wherever it now sits; later calls do nothing.</summary>
    /// <remarks>
    /// Not interlocked: a scope belongs to the flow that pushed it, and removing a frame that is already gone does
    /// nothing, so two racing disposals cannot do harm.
    /// </remarks>
    public void Dispose()
    {
        var state = _state;
        if (state is null)
        {
            return;
        }

        var before = _link as ExecutionContext;
        (_state, _link) = (null, null);
        if (before is not null && ReferenceEquals(state, ExecutionContext.Capture()))
        {
            ExecutionContext.Restore(before);
            return;
        }

        var root = this;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        (root._link as Tracker)?.RemoveFrame(this);
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

    // Whether one of frames[from..to) holds key, comparing names only.
    private static bool HoldsKey(in FrameBuffer frames, int from, int to, string key)
    {
        for (var i = from; i < to; i++)
        {
            if (frames[i].ContainsKey(key))
            {
                return true;
            }
        }

        return false;
    }

    // The first of frames[from..to) (innermost first) that holds key.
    private static bool Holds(in FrameBuffer frames, int from, int to, string key, out object? value)
    {
        for (var i = from; i < to; i++)
        {
            if (frames[i].TryGetValue(key, out value))
            {
                return true;
            }
        }

        value = null;
        return false;
    }

    // Outermost frame first. A key is visible in the outermost frame that holds it, and takes the value of the
    // innermost frame (from top down to this one) that holds it.
    private void Visit<TVisitor>(ContextFrame top, ref TVisitor visitor)
        where TVisitor : struct, IPairVisitor
    {
        Parent?.Visit(top, ref visitor);
        var own = OwnValues;
        if (own.IsEmpty)
        {
            return;
        }

        var cursor = own.GetCursor();
        while (cursor.MoveNext())
        {
            var (key, value) = cursor.Current;
            if (Parent is null || !Parent.ContainsKey(key))
            {
                visitor.Visit(key, cursor.EncodedKey, FieldValue.Of(top.InnermostValue(this, key, value)));
            }
        }
    }

    // The value of key as seen from this frame, given that `holder` (this frame or one of its ancestors) holds `value`.
    private object? InnermostValue(ContextFrame holder, string key, object? value)
    {
        for (var frame = this; !ReferenceEquals(frame, holder); frame = frame.Parent!)
        {
            if (frame.OwnValues.TryGetValue(key, out var inner))
            {
                return inner;
            }
        }

        return value;
    }

    /// <summary>Room on the stack for the values of the frames that hold any.</summary>
    [System.Runtime.CompilerServices.InlineArray(Length)]
    private struct FrameBuffer
    {
        public const int Length = 16;

        private ReadableValues _first;
    }
}
