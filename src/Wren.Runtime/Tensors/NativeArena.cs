namespace Wren.Runtime.Tensors;

/// <summary>
/// The native float buffers a session owns for its lifetime (activations, KV cache, packing scratch):
/// handed out as raw pointers for the kernels, all freed together on <see cref="Dispose"/>.
/// </summary>
internal sealed unsafe class NativeArena : IDisposable
{
    private readonly List<NativeBuffer> _buffers = [];

    /// <summary>A zeroed buffer of <paramref name="floats"/> floats (at least one), alive until the arena is disposed.</summary>
    public float* Floats(long floats)
    {
        var buffer = NativeBuffer.ForSingles(Math.Max(floats, 1));
        _buffers.Add(buffer);
        return (float*)buffer.Pointer;
    }

    public void Dispose()
    {
        foreach (var b in _buffers) b.Dispose();
        _buffers.Clear();
    }
}
