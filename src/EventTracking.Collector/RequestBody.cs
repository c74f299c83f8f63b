using System.Buffers;

namespace EventTracking.Collector;

/// <summary>A request body read within the limits (decompressed), or why it could not be.</summary>
/// <remarks>A body read with <c>pooled: true</c> lives in an array rented from <see cref="ArrayPool{T}.Shared"/>:
/// <see cref="Release"/> gives it back once nothing refers to <see cref="Content"/> any more.</remarks>
internal readonly record struct RequestBody(ReadOnlyMemory<byte> Content, int FailureStatus, string? Failure, byte[]? Rented = null)
{
    public bool IsRead => Failure is null;

    public static RequestBody Read(ReadOnlyMemory<byte> content, byte[]? rented = null) => new(content, 0, null, rented);

    public static RequestBody Failed(int status, string reason) => new(default, status, reason);

    /// <summary>Returns a rented buffer to the pool; <see cref="Content"/> must not be used afterwards.</summary>
    public void Release()
    {
        if (Rented is not null)
        {
            ArrayPool<byte>.Shared.Return(Rented);
        }
    }
}
