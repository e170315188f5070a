using System.Runtime.InteropServices;

namespace Wren.Runtime.Tensors;

/// <summary>
/// Memory allocated once, 64-byte aligned (a cache line, and one AVX-512 vector), outside the GC heap so
/// that its address never moves and kernels can hold pointers into it. Freed on <see cref="Dispose"/>.
/// </summary>
public sealed unsafe class NativeBuffer : IDisposable
{
    private void* _pointer;

    public NativeBuffer(long byteLength, bool zero = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteLength);
        ByteLength = byteLength;
        _pointer = NativeMemory.AlignedAlloc((nuint)Math.Max(byteLength, 64), 64);
        if (zero) NativeMemory.Clear(_pointer, (nuint)Math.Max(byteLength, 64));
    }

    /// <summary>Allocates room for <paramref name="count"/> floats.</summary>
    public static NativeBuffer ForSingles(long count) => new(count * sizeof(float));

    public long ByteLength { get; }

    public nint Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_pointer == null, this);
            return (nint)_pointer;
        }
    }

    /// <summary>The buffer as floats (for buffers under 2^31 elements).</summary>
    public Span<float> AsSingles() => new((void*)Pointer, checked((int)(ByteLength / sizeof(float))));

    /// <summary>The buffer as floats from element <paramref name="start"/>, <paramref name="length"/> long.</summary>
    public Span<float> AsSingles(long start, int length)
    {
        if (start < 0 || length < 0 || (start + length) * sizeof(float) > ByteLength) throw new ArgumentOutOfRangeException(nameof(start));
        return new Span<float>((float*)Pointer + start, length);
    }

    public void Dispose()
    {
        if (_pointer != null)
        {
            NativeMemory.AlignedFree(_pointer);
            _pointer = null;
        }

        GC.SuppressFinalize(this);
    }

    ~NativeBuffer()
    {
        if (_pointer != null) NativeMemory.AlignedFree(_pointer);
    }
}
