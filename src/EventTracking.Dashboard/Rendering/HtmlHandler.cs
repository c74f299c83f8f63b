using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace EventTracking.Dashboard.Rendering;

/// <summary>
/// Builds HTML from an interpolated string: the literal parts are markup, every hole is HTML-encoded unless it is a
/// <see cref="Markup"/>. So event text can only reach a page encoded, whoever writes the page.
/// </summary>
[InterpolatedStringHandler]
internal ref struct HtmlHandler
{
    private readonly StringBuilder _builder;

    public HtmlHandler(int literalLength, int formattedCount, HtmlWriter writer)
    {
        _ = formattedCount;
        _builder = writer.Builder;
        _builder.EnsureCapacity(_builder.Length + literalLength);
    }

    public readonly void AppendLiteral(string value) => _builder.Append(value);

    public readonly void AppendFormatted(Markup value) => _builder.Append(value.Value);

    public readonly void AppendFormatted<T>(T value)
    {
        var text = value switch
        {
            null => string.Empty,
            string s => s,
            DateTimeOffset time => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
        HtmlEncoder.Default.Encode(new StringWriter(_builder, CultureInfo.InvariantCulture), text);
    }
}
