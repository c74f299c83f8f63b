using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;

namespace EventTracking;

/// <summary>
/// The crash point <c>group-torn</c>: a kill -9 that lands in the middle of the <c>write</c> of the <c>nth</c> group
/// commit. At that commit's <c>group-written</c> point the group's bytes are cut back to a prefix (what a partial write
/// leaves: the records before the cut whole, one record cut, the rest absent), "torn &lt;n&gt;" is printed with the number
/// of the group's records that are not whole on disk, and the process kills itself.
/// </summary>
internal sealed class TornWrite(string bufferFolder, int nth, TextWriter output)
{
    private const int HeaderSize = 16;

    private int _groups;
    private string? _segment;
    private long _groupStart;

    public void Reach(string point)
    {
        if (point == "mark-saved" && ++_groups == nth)
        {
            // The group's segment is open by now; segment files are named by their first sequence number, zero-padded.
            _segment = Directory.GetFiles(bufferFolder, "*.seg").Order(StringComparer.Ordinal).Last();
            _groupStart = new FileInfo(_segment).Length;
        }
        else if (point == "group-written" && _segment is not null)
        {
            var group = File.ReadAllBytes(_segment)[(int)_groupStart..];
            var cut = group.Length / 2;
            var torn = 0;
            for (var offset = 0; offset < group.Length; offset += HeaderSize + BinaryPrimitives.ReadInt32LittleEndian(group.AsSpan(offset + 4)))
            {
                var end = offset + HeaderSize + BinaryPrimitives.ReadInt32LittleEndian(group.AsSpan(offset + 4));
                if (end > cut)
                {
                    torn++;
                }
            }

            using (var file = new FileStream(_segment, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
                file.SetLength(_groupStart + cut);
            }

            lock (output)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"torn {torn}"));
                output.WriteLine("crashing group-torn");
                output.Flush();
            }

            Process.GetCurrentProcess().Kill();
        }
    }
}
