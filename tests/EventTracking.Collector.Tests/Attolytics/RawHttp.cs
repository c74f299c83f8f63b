using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace EventTracking.Collector.Tests.Attolytics;

/// <summary>
/// Sends a whole HTTP/1.1 request in one write on a plain socket and reads the answer until the server closes. A
/// client that is still writing when the server refuses its body gets a broken pipe; one write never does.
/// </summary>
internal static class RawHttp
{
    public static async Task<int> SendAsync(Uri server, byte[] request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(request, timeout.Token);
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, timeout.Token);
        var statusLine = Encoding.ASCII.GetString(answer.ToArray()).Split("\r\n")[0];
        return int.Parse(statusLine.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    /// <summary>A POST whose body is sent in chunks, without Content-Length, asking the server to close afterwards.</summary>
    public static byte[] ChunkedPost(Uri server, string path, byte[] body, int chunkSize)
    {
        using var request = new MemoryStream();
        request.Write(Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"));
        for (var offset = 0; offset < body.Length; offset += chunkSize)
        {
            var length = Math.Min(chunkSize, body.Length - offset);
            request.Write(Encoding.ASCII.GetBytes(length.ToString("x", CultureInfo.InvariantCulture) + "\r\n"));
            request.Write(body, offset, length);
            request.Write("\r\n"u8);
        }

        request.Write("0\r\n\r\n"u8);
        return request.ToArray();
    }
}
