using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace EventTracking;

/// <summary>
/// Each child's position in a durable buffer (the sequence number of the next record it has not taken), one small file
/// per child, replaced atomically (write, then rename) so a crash leaves either the old position or the new one.
/// </summary>
/// <remarks>
/// Positions are not fsynced: after a power loss a child may find an older position and take some events again, which
/// idempotent stores ignore. A crash of the process alone (<c>kill -9</c>) loses nothing that was written.
/// </remarks>
internal sealed class PositionStore(string folder)
{
    private const string Extension = ".pos";

    /// <summary>Reads every child's persisted position; a damaged file is skipped (that child replays from the oldest record).</summary>
    public Dictionary<string, long> Load()
    {
        var positions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*" + Extension))
        {
            try
            {
                var lines = File.ReadAllText(file).Split('\n');
                if (lines.Length >= 3
                    && long.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
                    && uint.TryParse(lines[2], NumberStyles.None, CultureInfo.InvariantCulture, out var crc)
                    && crc == Checksum(lines[0], lines[1]))
                {
                    positions[Unescape(lines[1])] = seq;
                }
            }
            catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
            {
                // Unreadable: the child starts from the oldest record, and idempotent stores absorb the replay.
            }
        }

        return positions;
    }

    public void Save(string child, long position)
    {
        var path = Path.Combine(folder, FileName(child));
        var seq = position.ToString(CultureInfo.InvariantCulture);
        var name = Escape(child);
        var text = $"{seq}\n{name}\n{Checksum(seq, name).ToString(CultureInfo.InvariantCulture)}\n";
        var temporary = path + ".tmp";
        using (var file = SecureFiles.Open(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(Encoding.UTF8.GetBytes(text));
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static string FileName(string child) =>
        "child-" + XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(child)).ToString("x16", CultureInfo.InvariantCulture) + Extension;

    private static uint Checksum(string seq, string name) =>
        Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, Encoding.UTF8.GetBytes(seq + "\n" + name));

    private static string Escape(string name) => Convert.ToBase64String(Encoding.UTF8.GetBytes(name));

    private static string Unescape(string name) => Encoding.UTF8.GetString(Convert.FromBase64String(name));
}
