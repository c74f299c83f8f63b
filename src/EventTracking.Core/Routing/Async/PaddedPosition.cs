using System.Runtime.InteropServices;

namespace EventTracking;

/// <summary>A position counter alone on its cache line, so producers and the consumer do not slow each other by sharing one.</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedPosition
{
    [FieldOffset(64)]
    public long Value;
}
