using Wren.Runtime.Tensors;

namespace Wren.Runtime.Tests.Tensors;

public sealed class NativeBufferTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4 * 1000 + 4)]
    [InlineData(64L << 20)]
    public void AZeroedBufferIsAlignedToACacheLineAndReadsZeroEverywhere(long bytes)
    {
        // Small sizes reuse freed heap memory, large ones fresh pages: dirty the heap first so reuse would show.
        for (int i = 0; i < 8; i++)
        {
            using var dirty = new NativeBuffer(bytes, zero: false);
            if (bytes >= 4) dirty.AsSingles(0, (int)Math.Min(bytes / 4, 1 << 20)).Fill(float.NaN);
        }

        using var buffer = new NativeBuffer(bytes);
        Assert.Equal(0, buffer.Pointer % 64);
        Assert.Equal(bytes, buffer.ByteLength);
        if (bytes >= 4)
        {
            var floats = buffer.AsSingles(0, (int)(bytes / 4));
            Assert.True(floats.IndexOfAnyExcept(0f) < 0);
            floats.Fill(1f); // the whole length is writable
        }
    }

    [Fact]
    public void ADisposedBufferRefusesItsPointer()
    {
        var buffer = new NativeBuffer(128);
        buffer.Dispose();
        buffer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => buffer.Pointer);
    }
}
