namespace EventTracking.Reading;

/// <summary>The JSON types a field was seen with; a field seen with several types has several flags.</summary>
[Flags]
public enum EventFieldTypes
{
    /// <summary>Not seen.</summary>
    None = 0,

    /// <summary>A string.</summary>
    String = 1,

    /// <summary>A whole number.</summary>
    Integer = 2,

    /// <summary>A number with a fraction (or too large for a 64-bit integer).</summary>
    Number = 4,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean = 8,

    /// <summary>An object; its members are listed as fields of their own with dotted paths.</summary>
    Object = 16,

    /// <summary>An array.</summary>
    Array = 32,

    /// <summary>An explicit <c>null</c>.</summary>
    Null = 64,
}
