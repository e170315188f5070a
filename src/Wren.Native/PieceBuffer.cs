using System.Runtime.CompilerServices;
using System.Text;

namespace Wren.Native;

/// <summary>One growing, pinned buffer for the NUL-terminated text pieces a generation hands to its C callback (valid until the next piece).</summary>
internal sealed unsafe class PieceBuffer
{
    private byte[] _bytes = GC.AllocateUninitializedArray<byte>(256, pinned: true);

    public byte* WriteNullTerminated(string text)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        if (length + 1 > _bytes.Length) _bytes = GC.AllocateUninitializedArray<byte>(Math.Max(length + 1, _bytes.Length * 2), pinned: true);
        Encoding.UTF8.GetBytes(text, _bytes);
        _bytes[length] = 0;
        return (byte*)Unsafe.AsPointer(ref _bytes[0]);
    }
}
