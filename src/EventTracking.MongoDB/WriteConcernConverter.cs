using System.ComponentModel;
using System.Globalization;
using MongoDB.Driver;

namespace EventTracking;

/// <summary>
/// Lets configuration say <c>"WriteConcern": "Majority"</c>: converts <c>Acknowledged</c>, <c>Unacknowledged</c>,
/// <c>W1</c>, <c>W2</c>, <c>W3</c> and <c>Majority</c> (or <c>WMajority</c>) to the driver's <see cref="WriteConcern"/>.
/// </summary>
internal sealed class WriteConcernConverter : TypeConverter
{
    private static int _registered;

    /// <summary>Makes the configuration binder use this converter for <see cref="WriteConcern"/>; once per process.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            TypeDescriptor.AddAttributes(typeof(WriteConcern), new TypeConverterAttribute(typeof(WriteConcernConverter)));
        }
    }

    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text
            ? text.Trim().ToUpperInvariant() switch
            {
                "ACKNOWLEDGED" => WriteConcern.Acknowledged,
                "UNACKNOWLEDGED" or "W0" => WriteConcern.Unacknowledged,
                "W1" => WriteConcern.W1,
                "W2" => WriteConcern.W2,
                "W3" => WriteConcern.W3,
                "MAJORITY" or "WMAJORITY" => WriteConcern.WMajority,
                _ => throw new FormatException($"'{text}' is not a write concern; use Acknowledged, Unacknowledged, W1, W2, W3 or Majority."),
            }
            : base.ConvertFrom(context, culture, value);
}
