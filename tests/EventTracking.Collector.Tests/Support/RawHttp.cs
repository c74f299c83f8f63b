using System.Net.Sockets;
using System.Text;

namespace EventTracking.Collector.Tests.Support;

/// <summary>
/// Sends a request byte for byte over a plain socket, so the test controls every header (HttpClient adds its own), and
/// reads back the status line, headers and body.
/// </summary>
internal static class RawHttp
{
    /// <summary>A POST as the pycolytics-godot addon sends it through Godot's HTTPRequest: no Content-Type.</summary>
    public static Task<RawResponse> GodotPostAsync(Uri server, string path, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head =
            $"POST {path} HTTP/1.1\r\n" +
            $"Host: {server.Host}:{server.Port}\r\n" +
            $"Content-Length: {bytes.Length}\r\n" +
            "User-Agent: GodotEngine/4.3.stable.official (Linux)\r\n" +
            "Accept: */*\r\n" +
            "\r\n";
        return SendAsync(server, [.. Encoding.ASCII.GetBytes(head), .. bytes]);
    }

    public static async Task<RawResponse> SendAsync(Uri server, byte[] request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(request);
        await stream.FlushAsync();

        var received = new List<byte>();
        var buffer = new byte[8192];
        int headEnd;
        while ((headEnd = IndexOfBlankLine(received)) < 0)
        {
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            if (read == 0)
            {
                throw new IOException("The server closed the connection before the response headers ended.");
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        var head = Encoding.ASCII.GetString([.. received.Take(headEnd)]).Split("\r\n");
        var status = int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = head.Skip(1)
            .Select(line => line.Split(':', 2))
            .ToDictionary(parts => parts[0].Trim().ToLowerInvariant(), parts => parts[1].Trim());
        var length = headers.TryGetValue("content-length", out var text) ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var body = received.Skip(headEnd + 4).ToList();
        while (body.Count < length)
        {
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            if (read == 0)
            {
                break;
            }

            body.AddRange(buffer.AsSpan(0, read));
        }

        return new RawResponse(status, headers, Encoding.UTF8.GetString([.. body.Take(length)]));
    }

    private static int IndexOfBlankLine(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
