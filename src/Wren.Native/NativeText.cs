using System.Runtime.InteropServices;
using System.Text;

namespace Wren.Native;

/// <summary>UTF-8 strings across the C boundary: NUL-terminated, allocated with <see cref="NativeMemory"/> so <c>wren_free</c> frees them.</summary>
internal static unsafe class NativeText
{
    /// <summary>A C string as .NET text; throws naming <paramref name="what"/> when it is NULL.</summary>
    public static string Read(byte* text, string what)
    {
        if (text is null) throw new ArgumentException($"{what} is NULL");
        return Marshal.PtrToStringUTF8((nint)text)!;
    }

    /// <summary>A copy of <paramref name="text"/> as a NUL-terminated UTF-8 string the caller frees with <c>wren_free</c>.</summary>
    public static byte* ToUtf8(string text)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        byte* copy = (byte*)NativeMemory.Alloc((nuint)length + 1);
        Encoding.UTF8.GetBytes(text, new Span<byte>(copy, length));
        copy[length] = 0;
        return copy;
    }
}
