using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Wren.Data.Curation.Text;

/// <summary>Fast 64-bit hashes of text (XxHash3 over the UTF-16 code units), for duplicate counting and n-grams.</summary>
public static class TextHash
{
    public static ulong Of(ReadOnlySpan<char> text) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text));

    /// <summary>Combines an n-gram hash with the next word's hash (order-sensitive).</summary>
    public static ulong Combine(ulong left, ulong right)
    {
        ulong h = (left ^ 0x9E3779B97F4A7C15UL) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 31)) + right;
        h *= 0x94D049BB133111EBUL;
        return h ^ (h >> 29);
    }
}
