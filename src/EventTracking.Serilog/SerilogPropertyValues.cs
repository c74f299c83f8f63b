using Serilog.Events;

namespace EventTracking;

/// <summary>
/// Maps normalized event values onto Serilog's property values directly, so nesting survives without running
/// Serilog's reflection-based destructuring. Text that could break a log line is escaped (see <see cref="LineSafe"/>).
/// </summary>
internal static class SerilogPropertyValues
{
    private static readonly ScalarValue Null = new(null);

    /// <summary>Maps one normalized value: dictionaries become structures, lists sequences, the rest scalars.</summary>
    /// <param name="value">A value from <see cref="TrackingEvent.Context"/> or <see cref="TrackingEvent.Data"/>.</param>
    public static LogEventPropertyValue From(object? value) => value switch
    {
        null => Null,
        IReadOnlyDictionary<string, object?> dictionary => FromDictionary(dictionary),
        IReadOnlyList<object?> list => FromList(list),

        // As in canonical JSON; Serilog's formatters would otherwise print the type name.
        byte[] bytes => new ScalarValue(Convert.ToBase64String(bytes)),
        string text => new ScalarValue(LineSafe(text)),
        char c when !LogText.IsLineSafe(new ReadOnlySpan<char>(in c)) => new ScalarValue(LogText.Escape(c.ToString())),
        _ => new ScalarValue(value),
    };

    /// <summary>Maps a dictionary to a <see cref="StructureValue"/>, or a <see cref="DictionaryValue"/> if a key is not a valid property name.</summary>
    /// <param name="dictionary">The dictionary.</param>
    public static LogEventPropertyValue FromDictionary(IReadOnlyDictionary<string, object?> dictionary)
    {
        var properties = new LogEventProperty[dictionary.Count];
        var i = 0;
        foreach (var (key, item) in dictionary)
        {
            if (!LogEventProperty.IsValidName(key))
            {
                // Serilog property names may not be empty or blank; event keys may. A dictionary value keeps them.
                return new DictionaryValue(dictionary.Select(p => new KeyValuePair<ScalarValue, LogEventPropertyValue>(new ScalarValue(LineSafe(p.Key)), From(p.Value))));
            }

            properties[i++] = new LogEventProperty(LineSafe(key), From(item));
        }

        return new StructureValue(properties);
    }

    /// <summary>
    /// Returns <paramref name="text"/> itself when nothing in it can break, recolour or reorder a log line, else its
    /// escaped form (<see cref="LogText.Escape(string?, int)"/>, not shortened): text sinks print property values raw.
    /// </summary>
    /// <param name="text">A name, key or string value from an event.</param>
    public static string LineSafe(string text) => LogText.IsLineSafe(text) ? text : LogText.Escape(text, int.MaxValue);

    private static SequenceValue FromList(IReadOnlyList<object?> list)
    {
        var elements = new LogEventPropertyValue[list.Count];
        for (var i = 0; i < elements.Length; i++)
        {
            elements[i] = From(list[i]);
        }

        return new SequenceValue(elements);
    }
}
