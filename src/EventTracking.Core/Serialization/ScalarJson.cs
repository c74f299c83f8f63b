using System.Text.Json;

namespace EventTracking;

/// <summary>
/// Writes the scalars that anonymous objects most often carry without boxing them, exactly as
/// <see cref="EventJson.WriteValue"/> writes the boxed value; <see cref="AnonymousShape"/> compiles a call to one of
/// these per property of such a type.
/// </summary>
internal static class ScalarJson
{
    /// <summary>The property types that have a writer here.</summary>
    public static readonly Type[] Types = [typeof(int), typeof(long), typeof(bool), typeof(double), typeof(Guid), typeof(DateTimeOffset)];

    public static void Write(Utf8JsonWriter writer, int value) => writer.WriteNumberValue(value);

    public static void Write(Utf8JsonWriter writer, long value) => writer.WriteNumberValue(value);

    public static void Write(Utf8JsonWriter writer, bool value) => writer.WriteBooleanValue(value);

    public static void Write(Utf8JsonWriter writer, Guid value) => writer.WriteStringValue(value);

    public static void Write(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            EventJson.WriteValue(writer, value);
        }
    }

    /// <summary>The canonical timestamp, quoted: our own ASCII digits and punctuation, so it goes in as it is, without the writer's escaping scan.</summary>
    public static void Write(Utf8JsonWriter writer, DateTimeOffset value)
    {
        Span<byte> quoted = stackalloc byte[CanonicalTimestamp.Length + 2];
        quoted[0] = (byte)'"';
        CanonicalTimestamp.Write(value, quoted[1..]);
        quoted[^1] = (byte)'"';
        writer.WriteRawValue(quoted, skipInputValidation: true);
    }
}
