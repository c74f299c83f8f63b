using System.ComponentModel;

namespace EventTracking.SourceGeneration;

/// <summary>
/// The readers the EventTracking source generator wrote for the application's types, by type. Generated code registers
/// them from a module initializer; the library consults them before it falls back to reflection.
/// </summary>
/// <remarks>
/// Not meant for hand-written code. See docs/aot.md: every value whose type is known where it is passed to
/// <c>Emit</c>, <c>EmitAsync</c>, <c>Context</c> or <c>EnterContext</c> is read by generated code, so trimmed and
/// Native AOT applications lose none of its properties.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class EventValueReaders
{
    private static readonly Lock Gate = new();
    private static Dictionary<Type, EventValueReader> _readers = [];

    /// <summary>Registers the reader generated for <paramref name="type"/>; a later registration for the same type wins.</summary>
    /// <param name="type">The exact runtime type the reader reads.</param>
    /// <param name="reader">The generated reader.</param>
    public static void Register(Type type, EventValueReader reader)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(reader);
        lock (Gate)
        {
            // Copy on write: registrations happen once per type at start-up, lookups on every read and without a lock.
            var next = new Dictionary<Type, EventValueReader>(_readers) { [type] = reader };
            Volatile.Write(ref _readers, next);
        }
    }

    /// <summary>
    /// Reads <paramref name="value"/> through <paramref name="reader"/> now, as the generated interceptors do for values
    /// of named types (which the caller could change after the call).
    /// </summary>
    /// <param name="value">The value; <see langword="null"/> means no values.</param>
    /// <param name="reader">The reader generated for the declared type of <paramref name="value"/>.</param>
    /// <returns>The normalized values.</returns>
    public static IReadOnlyDictionary<string, object?> Read(object? value, EventValueReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return value is null ? EventValues.Empty : Read(value, reader, 0);
    }

    internal static NormalizedDictionary Read(object value, EventValueReader reader, int depth)
    {
        EventValues.CheckDepth(depth);
        var values = new NormalizedDictionary();
        reader(value, new EventValueWriter(values, depth));
        return values;
    }

    internal static bool TryRead(object value, int depth, out NormalizedDictionary? values)
    {
        if (Volatile.Read(ref _readers).TryGetValue(value.GetType(), out var reader))
        {
            values = Read(value, reader, depth);
            return true;
        }

        values = null;
        return false;
    }
}
