namespace EventTracking.Collector;

/// <summary>A request body read within the limits (decompressed), or why it could not be.</summary>
internal readonly record struct RequestBody(ReadOnlyMemory<byte> Content, int FailureStatus, string? Failure)
{
    public bool IsRead => Failure is null;

    public static RequestBody Read(ReadOnlyMemory<byte> content) => new(content, 0, null);

    public static RequestBody Failed(int status, string reason) => new(default, status, reason);
}
