using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EventTracking.Cli.Output;

/// <summary>Writes events as JSON lines, a table or CSV.</summary>
internal sealed class EventWriter
{
    private readonly TextWriter _out;
    private readonly OutputFormat _format;
    private bool _headerWritten;

    public EventWriter(TextWriter output, OutputFormat format)
    {
        _out = output;
        _format = format;
    }

    public async Task WriteAsync(TrackingEvent evt, CancellationToken cancellationToken)
    {
        switch (_format)
        {
            case OutputFormat.Table:
                if (!_headerWritten)
                {
                    await _out.WriteLineAsync($"{"TIME (UTC)",-26}  {"NAME",-32}  {"USER",-12}  DATA".AsMemory(), cancellationToken).ConfigureAwait(false);
                    _headerWritten = true;
                }

                var user = evt.Context.TryGetValue("user_id", out var u) && u is not null ? Convert.ToString(u, CultureInfo.InvariantCulture) : "";
                var line = string.Create(CultureInfo.InvariantCulture, $"{evt.Timestamp.UtcDateTime:yyyy-MM-dd HH:mm:ss.ffffff}  {Cut(evt.Name, 32),-32}  {Cut(user ?? "", 12),-12}  {Cut(Json(evt.Data), 100)}");
                await _out.WriteLineAsync(Printable(line).AsMemory(), cancellationToken).ConfigureAwait(false);
                break;
            case OutputFormat.Csv:
                if (!_headerWritten)
                {
                    await _out.WriteLineAsync("id,name,timestamp,context,data".AsMemory(), cancellationToken).ConfigureAwait(false);
                    _headerWritten = true;
                }

                await _out.WriteLineAsync(string.Join(',', evt.Id.ToString(), Csv(evt.Name), EventJson.FormatTimestamp(evt.Timestamp), Csv(Json(evt.Context)), Csv(Json(evt.Data))).AsMemory(), cancellationToken).ConfigureAwait(false);
                break;
            default:
                await _out.WriteLineAsync(EventJson.Serialize(evt).AsMemory(), cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    public static string Json(IReadOnlyDictionary<string, object?> values)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, EventJson.WriterOptions))
        {
            EventJson.WriteValue(writer, values);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. A cell a spreadsheet would run
    /// as a formula (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return) gets a leading
    /// <c>'</c>, as OWASP advises, so an event name cannot become a formula in the reader's spreadsheet. Other control
    /// characters (an escape sequence, say) are written as <c>\uXXXX</c>, as the JSON columns write them, so an export
    /// sent to a terminal cannot drive it.
    /// </summary>
    public static string Csv(string value)
    {
        if (value.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0 || value.Contains('\u007f', StringComparison.Ordinal))
        {
            var builder = new StringBuilder(value.Length + 16);
            foreach (var c in value)
            {
                _ = char.IsControl(c) && c is not ('\t' or '\r' or '\n')
                    ? builder.Append(string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"))
                    : builder.Append(c);
            }

            value = builder.ToString();
        }

        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static string Cut(string value, int width) => value.Length <= width ? value : string.Concat(value.AsSpan(0, width - 1), "…");

    /// <summary>Control characters (an escape sequence in an event name, say) never reach the terminal raw.</summary>
    public static string Printable(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            _ = char.IsControl(c) ? builder.Append(string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}")) : builder.Append(c);
        }

        return builder.ToString();
    }
}
