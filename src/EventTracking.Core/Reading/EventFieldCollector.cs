using System.Collections;

namespace EventTracking.Reading;

/// <summary>
/// Infers the fields of one event name from sample events: paths in <c>data</c> and <c>context</c>, their JSON types,
/// how often each is present and a few example values. Stores use it to build <see cref="EventNameSummary.Fields"/>,
/// so every store infers fields the same way. Not thread-safe.
/// </summary>
/// <remarks>
/// Nested objects are walked to <see cref="MaxDepth"/> levels; their members appear with dotted paths. Array items are
/// not walked. At most <see cref="MaxFields"/> distinct paths are kept per name; later ones are ignored, so a name
/// whose events use keys as values (ids as keys) cannot grow the catalog without bound.
/// </remarks>
public sealed class EventFieldCollector
{
    /// <summary>How deep nested objects are walked.</summary>
    public const int MaxDepth = 4;

    /// <summary>The most distinct paths kept per name.</summary>
    public const int MaxFields = 200;

    private const int MaxExampleLength = 100;

    private readonly int _maxExamples;
    private readonly Dictionary<(EventFieldSource Source, string Path), Field> _fields = [];

    /// <summary>Creates a collector that keeps up to <paramref name="maxExamples"/> example values per field.</summary>
    /// <param name="maxExamples">0 to 20.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExamples"/> is out of range.</exception>
    public EventFieldCollector(int maxExamples = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxExamples);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxExamples, 20);
        _maxExamples = maxExamples;
    }

    /// <summary>How many events were added.</summary>
    public int Sampled { get; private set; }

    /// <summary>Adds one event's fields.</summary>
    /// <param name="evt">The event.</param>
    public void Add(TrackingEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        Sampled++;
        Walk(EventFieldSource.Data, evt.Data, null, 1);
        Walk(EventFieldSource.Context, evt.Context, null, 1);
    }

    /// <summary>The fields seen so far: <c>data</c> first, then <c>context</c>, each by path (ordinal).</summary>
    public IReadOnlyList<EventFieldSummary> Build()
    {
        var result = new List<EventFieldSummary>(_fields.Count);
        foreach (var ((source, path), field) in _fields)
        {
            var presence = Sampled == 0 ? 0 : (double)field.Present / Sampled;
            result.Add(new EventFieldSummary(source, path, field.Types, field.Present, presence, field.Examples.ToArray()));
        }

        result.Sort(static (a, b) => a.Source != b.Source ? a.Source.CompareTo(b.Source) : string.CompareOrdinal(a.Path, b.Path));
        return result;
    }

    private void Walk(EventFieldSource source, IReadOnlyDictionary<string, object?> values, string? prefix, int depth)
    {
        foreach (var (key, value) in values)
        {
            var path = prefix is null ? key : string.Concat(prefix, ".", key);
            if (!_fields.TryGetValue((source, path), out var field))
            {
                if (_fields.Count >= MaxFields)
                {
                    continue;
                }

                field = new Field();
                _fields.Add((source, path), field);
            }

            field.Present++;
            field.Types |= TypeOf(value);
            if (value is IReadOnlyDictionary<string, object?> nested)
            {
                if (depth < MaxDepth)
                {
                    Walk(source, nested, path, depth + 1);
                }
            }
            else if (field.Examples.Count < _maxExamples && Example(value) is { } example && !field.Examples.Contains(example))
            {
                field.Examples.Add(example);
            }
        }
    }

    private static EventFieldTypes TypeOf(object? value) => value switch
    {
        null => EventFieldTypes.Null,
        string or char or Guid or DateTime or DateTimeOffset or DateOnly or TimeOnly or TimeSpan or Enum => EventFieldTypes.String,
        bool => EventFieldTypes.Boolean,
        int or long or short or byte or sbyte or uint or ushort or ulong => EventFieldTypes.Integer,
        double or float or decimal => EventFieldTypes.Number,
        IReadOnlyDictionary<string, object?> => EventFieldTypes.Object,
        IEnumerable => EventFieldTypes.Array,
        _ => EventFieldTypes.String,
    };

    private static string? Example(object? value)
    {
        var text = value switch
        {
            null or IEnumerable and not string => null,
            string s => s,
            bool b => b ? "true" : "false",
            DateTimeOffset dto => EventJson.FormatTimestamp(dto),
            _ => EventJson.FormatScalar(value),
        };
        return text is { Length: > MaxExampleLength } ? string.Concat(text.AsSpan(0, MaxExampleLength), "…") : text;
    }

    private sealed class Field
    {
        public int Present { get; set; }

        public EventFieldTypes Types { get; set; }

        public List<string> Examples { get; } = [];
    }
}
