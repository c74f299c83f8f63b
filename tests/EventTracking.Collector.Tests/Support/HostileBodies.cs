using System.Text;
using CsCheck;

namespace EventTracking.Collector.Tests.Support;

/// <summary>
/// Arbitrary JSON texts for every surface: random JSON with escapes .NET strings cannot hold (lone surrogates), the
/// same with bytes that are not UTF-8 spliced in, and hand-made hostile bodies (control characters in names, a lone
/// surrogate property name after the fields a surface looks up).
/// </summary>
internal static class HostileBodies
{
    // Byte sequences that are not UTF-8: a lone continuation byte, a truncated sequence, an overlong slash, an encoded
    // surrogate (CESU-8), a code point past U+10FFFF, bytes that never occur.
    private static readonly byte[][] InvalidUtf8 =
    [
        [0x80], [0xC3], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFE], [0xFF], [0xE2, 0x82],
    ];

    private static readonly string[] HostileNames =
    [
        "inj.log\\n[12:34:56 INF] FORGED admin logged in", "crlf\\r\\nFORGED", "esc\\u001b[31m", "sep\\u2028x", "nel\\u0085x",
        "lone\\ud800", "bidi\\u202e", "\\u0000", "ok.name",
    ];

    private static readonly Gen<string> HostileName = Gen.OneOf(HostileNames);

    /// <summary>JSON texts as UTF-8 bytes, valid JSON or not, valid UTF-8 or not.</summary>
    public static Gen<byte[]> Json { get; } = Gen.Frequency(
        (4, RequestBodies.RandomJson),
        (2, Gen.Select(RequestBodies.RandomJson, Gen.OneOf(InvalidUtf8), Gen.Int[0, 1000], Splice)),
        (2, Handmade()));

    private static Gen<byte[]> Handmade() => Gen.Select(HostileName, Gen.Int[0, 6], (name, shape) => Encoding.UTF8.GetBytes(shape switch
    {
        0 => $$$"""[{"name":"{{{name}}}","data":{"n":1}}]""",
        1 => $$"""{"event_type":"{{name}}","application":"a","version":"1","platform":"p","user_id":"u","session_id":"s","value":{},"api_key":"{{CollectorTestHost.MobileKey}}"}""",
        2 => $$"""[{"event_type":"{{name}}","application":"a","version":"1","platform":"p","user_id":"u","session_id":"s","value":{},"api_key":"{{CollectorTestHost.MobileKey}}"}]""",
        3 => """{"version":2,"data":"{\"username\":\"p\"}","\ud800":1}""",
        4 => $$$"""{"secret_key":"dev-only-attolytics-key-do-not-deploy","events":[{"_t":"events","platform":"{{{name}}}","version":"1","event_type":"{{{name}}}","time":"{{{name}}}"}]}""",
        5 => $$"""{"version":2,"data":"{\"username\":\"{{name.Replace("\\", "\\\\", StringComparison.Ordinal)}}\"}","release":"de4b98ad-3f9a-4aa9-ba7a-9f8cd80eab6e","\udc00x":null}""",
        _ => $$$"""{"{{{name}}}":"{{{name}}}","\ud800":{"\udc00":["{{{name}}}"]}}""",
    }));

    private static byte[] Splice(byte[] json, byte[] invalid, int where)
    {
        var at = json.Length == 0 ? 0 : where * json.Length / 1001;
        return [.. json.AsSpan(0, at), .. invalid, .. json.AsSpan(at)];
    }
}
