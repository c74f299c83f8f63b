namespace EventTracking;

/// <summary>
/// Opening the durable buffer's files for reading, telling a permission problem (the operator must fix it; nothing is
/// lost meanwhile) from damage (the records are skipped and counted), and reporting each unreadable file once.
/// </summary>
/// <param name="options">The buffer's options (for the test fault seam).</param>
/// <param name="report">Logs a file that cannot be read: its sanitized name and the sanitized reason; called once per file.</param>
internal sealed class BufferFiles(DurableBufferOptions options, Action<string, string>? report)
{
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    /// <summary>Throws what the fault seam returns for <paramref name="path"/>, if anything.</summary>
    public void CheckFault(string path)
    {
        if (options.ReadFault?.Invoke(path) is { } fault)
        {
            throw fault;
        }
    }

    /// <summary>Reads a whole file of the buffer (a mark, a position, the newest segment at start).</summary>
    /// <exception cref="IOException">The file may not be read (permission): the message names it; or it cannot be read at all.</exception>
    public byte[] ReadAll(string path)
    {
        try
        {
            CheckFault(path);
            return File.ReadAllBytes(path);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw PermissionDenied(path, ex);
        }
    }

    /// <summary>At start: checks that the process may read <paramref name="path"/>; other I/O errors are left to the readers.</summary>
    /// <exception cref="IOException">Permission denied; the message names the path.</exception>
    public void RequireReadable(string path)
    {
        try
        {
            CheckFault(path);
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw PermissionDenied(path, ex);
        }
        catch (IOException)
        {
            // Damage or a vanished file: the reader skips it and counts what it held.
        }
    }

    /// <summary>Logs, once per file, that <paramref name="path"/> could not be read.</summary>
    public void Report(string path, Exception problem)
    {
        lock (_reported)
        {
            if (!_reported.Add(path))
            {
                return;
            }
        }

        // The reason's message may hold the path, and a file name in the folder may hold any character: both sanitized.
        report?.Invoke(SafeName(path), Sanitize($"{problem.GetType().Name}: {problem.Message}", 500));
    }

    /// <summary>The exception for a file of the buffer the process may not read or write.</summary>
    public static IOException PermissionDenied(string path, Exception inner) => new(
        $"AsyncRoutingOptions.Buffer.Path: the durable buffer file '{path}' cannot be read or written (permission denied). "
        + "Give the process's user read and write permission on the buffer folder and its files; nothing in it is lost meanwhile.",
        inner);

    /// <summary>A file's name fit for a log line: control characters replaced, at most 200 characters.</summary>
    public static string SafeName(string path) => Sanitize(Path.GetFileName(path), 200);

    /// <summary>Text fit for a log line: control and format-breaking characters replaced by '?', at most <paramref name="max"/> characters.</summary>
    public static string Sanitize(string text, int max)
    {
        var chars = text.Length > max ? text[..max].ToCharArray() : text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsControl(chars[i]) || char.IsSurrogate(chars[i]) || chars[i] is '\u2028' or '\u2029')
            {
                chars[i] = '?';
            }
        }

        return new string(chars);
    }
}
