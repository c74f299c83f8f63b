namespace EventTracking;

/// <summary>One segment file of a durable buffer, as the log's metadata knows it.</summary>
/// <param name="id">The sequence number the segment was begun at; it names the file and orders segments.</param>
/// <param name="path">The file's full path.</param>
internal sealed class Segment(long id, string path)
{
    public const string Extension = ".seg";

    public long Id { get; } = id;

    public string Path { get; } = path;

    /// <summary>How many bytes of the file are committed; readers never read past this. Changed under the log's lock.</summary>
    public long Length { get; set; }

    /// <summary>Whether the writer has moved on to a later segment. Changed under the log's lock.</summary>
    public bool Sealed { get; set; }

    public static string FileName(long id) => id.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + Extension;

    public static bool TryParseId(string fileName, out long id)
    {
        id = 0;
        return fileName.EndsWith(Extension, StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(0, fileName.Length - Extension.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id);
    }
}
