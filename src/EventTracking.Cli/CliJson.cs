using System.Text.Encodings.Web;
using System.Text.Json;

namespace EventTracking.Cli;

/// <summary>JSON for a terminal or a pipe: no HTML escaping of &lt; and &gt;, as the canonical event JSON.</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
