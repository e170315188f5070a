using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Wren.Data.Curation.Text;
using Wren.Runtime.Kernels;

namespace Wren.Data.Curation.Dedup;

/// <summary>
/// The 64-bit hashes of a text's lower-cased words, for MinHash shingles, exact-duplicate keys and
/// hashed quality features. A word is a run of letters and digits (<see cref="char.IsLetterOrDigit(char)"/>);
/// each Han, kana or other ideographic character is a word of its own (those scripts do not put spaces
/// between words); everything else separates words. The hash is streamed over the lower-cased UTF-16
/// code units, four units to a 64-bit chunk (the first in the low bits, as a little-endian load reads
/// them), so no word is copied: an ASCII word (most text) is measured and lower-cased 16 units at a
/// time with Vector256 or two Vector128s, or unit by unit through a 128-entry table that both classifies and
/// lower-cases; only non-ASCII characters take the Unicode calls. <see cref="Of"/> is the one-word
/// reference the scanner equals.
/// datatrove (main at a649de79) words a text for MinHash and decontamination as NLTK's <c>word_tokenize</c>
/// of <c>simplify_text</c>: lower-cased, PUNCTUATION_SET turned to spaces, numbers (with their decimal
/// separators) turned to "0", diacritics removed after NFD. The same here, but for two deliberate
/// differences (listed in the README): numbers stay as they are, so two tickets or invoices that differ
/// only in their amounts, dates or order numbers are different records, not near-duplicates; accents stay
/// ("résumé" and "resume" are different words). Symbols outside PUNCTUATION_SET ("©", "€") separate
/// words here; NLTK keeps them as tokens.
/// </summary>
public static class WordHash
{
    private const ulong Seed = 0x243F6A8885A308D3UL;

    /// <summary>Lower-cased ASCII letters and digits, 0 for every other ASCII character (a separator).</summary>
    private static ReadOnlySpan<byte> AsciiWordLower =>
    [
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F,
        0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F,
        0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x00, 0x00, 0x00, 0x00, 0x00,
    ];

    /// <summary>
    /// The hash of one word given already lower-cased (the reference of <see cref="AppendAll"/>): its
    /// UTF-16 units taken four to a chunk, each chunk folded into the state by a multiply and
    /// xor-shift, the last partial chunk and the length folded in by the MurmurHash3 finalizer.
    /// </summary>
    public static ulong Of(ReadOnlySpan<char> lowerCasedWord)
    {
        ulong state = Seed;
        ulong chunk = 0;
        int units = 0;
        foreach (char c in lowerCasedWord)
        {
            Feed(c, ref state, ref chunk, ref units);
        }
        return Finish(state, chunk, units);
    }

    /// <summary>Appends the hash of every word of <paramref name="text"/>, in order, to <paramref name="hashes"/>.</summary>
    public static void AppendAll(ReadOnlySpan<char> text, List<ulong> hashes) => AppendAll(text, hashes, KernelPaths.Widest);

    /// <summary><see cref="AppendAll(ReadOnlySpan{char}, List{ulong})"/> on a chosen path (tests force each one; Vector512 runs as Vector256).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AppendAll(ReadOnlySpan<char> text, List<ulong> hashes, KernelPath path)
    {
        // 16 lower-cased units of the current block, and room for an 8-byte read from any of them.
        Span<ushort> block = stackalloc ushort[24];
        block.Clear();
        int i = 0;
        while (i < text.Length)
        {
            if (path != KernelPath.Scalar && i <= text.Length - 16)
            {
                int consumed = HashAsciiBlock(text, i, block, hashes, path != KernelPath.Vector128);
                if (consumed > 0)
                {
                    i += consumed;
                    continue;
                }
            }
            i = HashNext(text, i, hashes);
        }
    }

    /// <summary>
    /// The 16 units from <paramref name="start"/>, when all are ASCII: classifies and lower-cases them
    /// at once, hashes every word that ends inside them, and returns how many units it consumed (up
    /// to the start of a word that may run on past them); 0 when it consumed nothing (a non-ASCII
    /// unit, or a word as long as the block), for <see cref="HashNext"/> to take one step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int HashAsciiBlock(ReadOnlySpan<char> text, int start, Span<ushort> block, List<ulong> hashes, bool wide)
    {
        ref ushort source = ref Unsafe.Add(ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text)), start);
        ref ushort lowered = ref MemoryMarshal.GetReference(block);
        // Two bits per unit (a byte mask of 16-bit lanes): bit 2u is set when unit u is a word character.
        uint words;
        if (wide)
        {
            var v = Vector256.LoadUnsafe(ref source);
            if ((v & Vector256.Create((ushort)0xFF80)) != Vector256<ushort>.Zero) return 0;
            words = LowerAndClassify(v, ref lowered).AsByte().ExtractMostSignificantBits();
        }
        else
        {
            // 128-bit vectors (ARM64, x86 without AVX2): the same steps on two halves of 8 units.
            var v0 = Vector128.LoadUnsafe(ref source);
            var v1 = Vector128.LoadUnsafe(ref source, 8);
            if (((v0 | v1) & Vector128.Create((ushort)0xFF80)) != Vector128<ushort>.Zero) return 0;
            words = LowerAndClassify(v0, ref lowered).AsByte().ExtractMostSignificantBits()
                | (LowerAndClassify(v1, ref Unsafe.Add(ref lowered, 8)).AsByte().ExtractMostSignificantBits() << 16);
        }

        int position = 0;
        while (position < 32)
        {
            uint rest = words >> position;
            if (rest == 0)
            {
                return 16;
            }
            int wordStart = position + BitOperations.TrailingZeroCount(rest);
            int wordEnd = wordStart + BitOperations.TrailingZeroCount(~(words >> wordStart));
            if (wordEnd >= 32)
            {
                // The word reaches the block's end and may go on: the next block starts with it.
                return wordStart >> 1;
            }
            int first = wordStart >> 1;
            int length = (wordEnd - wordStart) >> 1;
            ref byte units = ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref lowered, first));
            ulong h = Seed;
            int k = 0;
            for (; k + 4 <= length; k += 4)
            {
                h = Absorb(h, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref units, 2 * k)));
            }
            int tail = length - k;
            ulong chunk = tail == 0 ? 0 : Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref units, 2 * k)) & ((1UL << (16 * tail)) - 1);
            hashes.Add(Finish(h, chunk, length));
            position = wordEnd;
        }
        return 16;
    }

    /// <summary>Stores the ASCII units <paramref name="v"/> lower-cased at <paramref name="lowered"/>; returns all ones in the lanes of letters and digits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> LowerAndClassify(Vector256<ushort> v, ref ushort lowered)
    {
        var letter = (v | Vector256.Create((ushort)0x20)) - Vector256.Create((ushort)'a');
        var digit = v - Vector256.Create((ushort)'0');
        var upper = v - Vector256.Create((ushort)'A');
        var isUpper = Vector256.Equals(Vector256.Min(upper, Vector256.Create((ushort)25)), upper);
        (v | (isUpper & Vector256.Create((ushort)0x20))).StoreUnsafe(ref lowered);
        return Vector256.Equals(Vector256.Min(letter, Vector256.Create((ushort)25)), letter)
            | Vector256.Equals(Vector256.Min(digit, Vector256.Create((ushort)9)), digit);
    }

    /// <summary><see cref="LowerAndClassify(Vector256{ushort}, ref ushort)"/> on 8 units.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> LowerAndClassify(Vector128<ushort> v, ref ushort lowered)
    {
        var letter = (v | Vector128.Create((ushort)0x20)) - Vector128.Create((ushort)'a');
        var digit = v - Vector128.Create((ushort)'0');
        var upper = v - Vector128.Create((ushort)'A');
        var isUpper = Vector128.Equals(Vector128.Min(upper, Vector128.Create((ushort)25)), upper);
        (v | (isUpper & Vector128.Create((ushort)0x20))).StoreUnsafe(ref lowered);
        return Vector128.Equals(Vector128.Min(letter, Vector128.Create((ushort)25)), letter)
            | Vector128.Equals(Vector128.Min(digit, Vector128.Create((ushort)9)), digit);
    }

    /// <summary>One step of the scan at <paramref name="i"/>: a separator, an ideograph or a whole word (any script); returns where the next step starts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int HashNext(ReadOnlySpan<char> text, int i, List<ulong> hashes)
    {
        ReadOnlySpan<byte> table = AsciiWordLower;
        char c = text[i];
        if (c >= 128)
        {
            if (c >= 0x2E80 && WordTokenizer.IsIdeographic(c))
            {
                hashes.Add(Finish(Seed, c, 1));
                return i + 1;
            }
            if (char.IsLetterOrDigit(c))
            {
                ulong s = Seed, k = 0;
                int n = 0;
                hashes.Add(ContinueWord(text, ref i, ref s, ref k, ref n));
                return i;
            }
            return i + 1;
        }
        uint lower = table[c];
        if (lower == 0)
        {
            return i + 1;
        }
        // An ASCII word unit by unit, the table lower-casing and ending it; a non-ASCII character hands over to the Unicode loop.
        ulong state = Seed;
        ulong chunk = 0;
        int units = 0;
        while (true)
        {
            Feed((char)lower, ref state, ref chunk, ref units);
            i++;
            if ((uint)i >= (uint)text.Length)
            {
                break;
            }
            c = text[i];
            if (c >= 128)
            {
                hashes.Add(ContinueWord(text, ref i, ref state, ref chunk, ref units));
                return i;
            }
            lower = table[c];
            if (lower == 0)
            {
                break;
            }
        }
        hashes.Add(Finish(state, chunk, units));
        return i;
    }

    /// <summary>The rest of a word from <paramref name="i"/> on, any script (non-ideographic letters and digits, lower-cased); returns its hash.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static ulong ContinueWord(ReadOnlySpan<char> text, ref int i, ref ulong state, ref ulong chunk, ref int units)
    {
        ReadOnlySpan<byte> table = AsciiWordLower;
        for (; i < text.Length; i++)
        {
            char c = text[i];
            char lower;
            if (c < 128)
            {
                lower = (char)table[c];
                if (lower == 0)
                {
                    break;
                }
            }
            else if (!char.IsLetterOrDigit(c) || (c >= 0x2E80 && WordTokenizer.IsIdeographic(c)))
            {
                break;
            }
            else
            {
                lower = char.ToLowerInvariant(c);
            }
            Feed(lower, ref state, ref chunk, ref units);
        }
        return Finish(state, chunk, units);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Feed(char lower, ref ulong state, ref ulong chunk, ref int units)
    {
        chunk |= (ulong)lower << (16 * (units & 3));
        units++;
        if ((units & 3) == 0)
        {
            state = Absorb(state, chunk);
            chunk = 0;
        }
    }

    /// <summary>A bijection of the chunk for a given state (odd multiplier, then xor-shift), so one-chunk words never collide before the finalizer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Absorb(ulong state, ulong chunk)
    {
        ulong x = (state ^ chunk) * 0x9E3779B97F4A7C15UL;
        return x ^ (x >> 32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Finish(ulong state, ulong chunk, int units) =>
        Mix64(state ^ chunk ^ ((ulong)units * 0xC2B2AE3D27D4EB4FUL));

    /// <summary>The MurmurHash3 64-bit finalizer (a bijection with full avalanche).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Mix64(ulong x)
    {
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        x *= 0xC4CEB9FE1A85EC53UL;
        return x ^ (x >> 33);
    }
}
