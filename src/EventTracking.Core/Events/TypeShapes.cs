using System.Runtime.CompilerServices;

namespace EventTracking;

/// <summary>
/// What the event path needs to know about a value's type (is it anonymous, and if so, flat), cached per type in a
/// lock-free table read with one hash and a reference comparison: it is asked several times per event.
/// </summary>
internal static class TypeShapes
{
    private static readonly Lock Gate = new();
    private static Entry?[] _table = new Entry?[64];
    private static int _count;

    /// <summary>Whether values of <paramref name="type"/> are C# anonymous objects, and their shape when they are flat.</summary>
    public static Entry Of(Type type)
    {
        var table = Volatile.Read(ref _table);
        var mask = table.Length - 1;
        for (var i = RuntimeHelpers.GetHashCode(type) & mask; ; i = (i + 1) & mask)
        {
            var entry = table[i];
            if (entry is null)
            {
                return Add(type);
            }

            if (ReferenceEquals(entry.Type, type))
            {
                return entry;
            }
        }
    }

    // Copy on write: readers always see a complete table.
    private static Entry Add(Type type)
    {
        var entry = new Entry(type, EventValues.IsAnonymous(type), AnonymousShape.Build(type));
        lock (Gate)
        {
            var table = _table;
            if (Find(table, type) is { } existing)
            {
                return existing;
            }

            var copy = new Entry?[(_count + 1) * 2 > table.Length ? table.Length * 2 : table.Length];
            foreach (var old in table)
            {
                if (old is not null)
                {
                    Insert(copy, old);
                }
            }

            Insert(copy, entry);
            _count++;
            Volatile.Write(ref _table, copy);
            return entry;
        }
    }

    private static Entry? Find(Entry?[] table, Type type)
    {
        var mask = table.Length - 1;
        for (var i = RuntimeHelpers.GetHashCode(type) & mask; table[i] is { } entry; i = (i + 1) & mask)
        {
            if (ReferenceEquals(entry.Type, type))
            {
                return entry;
            }
        }

        return null;
    }

    private static void Insert(Entry?[] table, Entry entry)
    {
        var mask = table.Length - 1;
        var i = RuntimeHelpers.GetHashCode(entry.Type) & mask;
        while (table[i] is not null)
        {
            i = (i + 1) & mask;
        }

        table[i] = entry;
    }

    /// <summary>One cached type.</summary>
    internal sealed class Entry(Type type, bool isAnonymous, AnonymousShape? shape)
    {
        public Type Type { get; } = type;

        /// <summary>Whether the type is a C# anonymous type (immutable, so it can be read later).</summary>
        public bool IsAnonymous { get; } = isAnonymous;

        /// <summary>The shape when the type is a flat anonymous type; otherwise <see langword="null"/>.</summary>
        public AnonymousShape? Shape { get; } = shape;
    }
}
