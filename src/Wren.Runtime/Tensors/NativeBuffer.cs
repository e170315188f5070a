using System.Runtime.InteropServices;

namespace Wren.Runtime.Tensors;

/// <summary>
/// Memory allocated once, 64-byte aligned (a cache line, and one AVX-512 vector), outside the GC heap so
/// that its address never moves and kernels can hold pointers into it. Freed on <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// Zeroed buffers come from calloc rather than an aligned malloc and a clear: a large calloc is fresh pages from the
/// system, zero already, which become resident only where they are first written. A session's KV cache for the whole
/// context is then free until positions fill it (clearing it first made up a third of wren-run's start to first token,
/// and counted the whole cache in the peak RSS). The 63 spare bytes align the pointer by hand.
/// </remarks>
public sealed unsafe class NativeBuffer : IDisposable
{
    private const int Alignment = 64;
    private void* _block;
    private void* _pointer;

    public NativeBuffer(long byteLength, bool zero = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteLength);
        ByteLength = byteLength;
        nuint size = (nuint)Math.Max(byteLength, Alignment) + Alignment - 1;
        _block = zero ? NativeMemory.AllocZeroed(size) : NativeMemory.Alloc(size);
        _pointer = (void*)(((nuint)_block + Alignment - 1) & ~(nuint)(Alignment - 1));
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
        if (_block != null)
        {
            NativeMemory.Free(_block);
            _block = null;
            _pointer = null;
        }

        GC.SuppressFinalize(this);
    }

    ~NativeBuffer()
    {
        if (_block != null) NativeMemory.Free(_block);
    }
}
