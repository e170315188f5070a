using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Wren.Training.Layers;

/// <summary>
/// A window [Offset, Offset + Length) of a pinned float32 array: how the one parameter allocation, the
/// one gradient allocation and the activation buffers hand out per-tensor views without copying.
/// </summary>
public readonly record struct TensorSlice(float[] Array, int Offset, int Length)
{
    public static TensorSlice Allocate(int length) => new(GC.AllocateArray<float>(Math.Max(length, 1), pinned: true), 0, length);

    public Span<float> Span => Array.AsSpan(Offset, Length);

    /// <summary>Address of element 0; valid for the array's lifetime because the array lives on the pinned object heap.</summary>
    public unsafe float* Pointer => (float*)Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Array), Offset));

    public TensorSlice Slice(int start, int length)
    {
        if ((uint)start > (uint)Length || (uint)length > (uint)(Length - start)) throw new ArgumentOutOfRangeException(nameof(start));
        return new TensorSlice(Array, Offset + start, length);
    }
}
