using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Wren.Data.Curation.Text;

/// <summary>
/// Character classes of 64 consecutive characters as bit masks (bit i is character i), for the
/// <see cref="WordTokenizer"/> kernels. The masks are exact where the characters are ASCII; a
/// non-ASCII character is narrowed to its low byte, so its bits (and those of its neighbours'
/// joiner tests) mean nothing and callers only use the block's ASCII prefix.
/// </summary>
internal readonly struct AsciiBlockMasks
{
    /// <summary>Characters per block.</summary>
    public const int Width = 64;

    /// <summary>ASCII letters and digits.</summary>
    public readonly ulong Word;

    /// <summary>ASCII digits.</summary>
    public readonly ulong Digit;

    /// <summary>' and -: they join two letters or digits into one word.</summary>
    public readonly ulong InnerJoiner;

    /// <summary>. and ,: they join two digits into one word ("3.14", "1,000").</summary>
    public readonly ulong DigitJoiner;

    /// <summary>Characters up to ' ' (space and control characters): skipped between tokens.</summary>
    public readonly ulong Space;

    /// <summary>Bit i: character i + 1 equals character i (reads one character past the block).</summary>
    public readonly ulong SameAsNext;

    private AsciiBlockMasks(ulong word, ulong digit, ulong innerJoiner, ulong digitJoiner, ulong space, ulong sameAsNext)
    {
        Word = word;
        Digit = digit;
        InnerJoiner = innerJoiner;
        DigitJoiner = digitJoiner;
        Space = space;
        SameAsNext = sameAsNext;
    }

    /// <summary>All masks of the 64 characters at <paramref name="at"/> (reads 65); false when one of the 64 is not ASCII.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ComputeVector256(ref char at, out AsciiBlockMasks masks)
    {
        ref ushort source = ref Unsafe.As<char, ushort>(ref at);
        var c0 = Vector256.LoadUnsafe(ref source);
        var c1 = Vector256.LoadUnsafe(ref source, 16);
        var c2 = Vector256.LoadUnsafe(ref source, 32);
        var c3 = Vector256.LoadUnsafe(ref source, 48);
        bool ascii = ((c0 | c1 | c2 | c3) & Vector256.Create((ushort)0xFF80)) == Vector256<ushort>.Zero;
        var low = Vector256.Narrow(c0, c1);
        var high = Vector256.Narrow(c2, c3);
        var nextLow = Vector256.Narrow(Vector256.LoadUnsafe(ref source, 1), Vector256.LoadUnsafe(ref source, 17));
        var nextHigh = Vector256.Narrow(Vector256.LoadUnsafe(ref source, 33), Vector256.LoadUnsafe(ref source, 49));
        masks = new AsciiBlockMasks(
            Bits(IsWord(low), IsWord(high)),
            Bits(IsDigit(low), IsDigit(high)),
            Bits(IsInnerJoiner(low), IsInnerJoiner(high)),
            Bits(IsDigitJoiner(low), IsDigitJoiner(high)),
            Bits(IsSpace(low), IsSpace(high)),
            Bits(Vector256.Equals(low, nextLow), Vector256.Equals(high, nextHigh)));
        return ascii;
    }

    /// <summary><see cref="ComputeVector256"/> with one 512-bit vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ComputeVector512(ref char at, out AsciiBlockMasks masks)
    {
        ref ushort source = ref Unsafe.As<char, ushort>(ref at);
        var c0 = Vector512.LoadUnsafe(ref source);
        var c1 = Vector512.LoadUnsafe(ref source, 32);
        bool ascii = ((c0 | c1) & Vector512.Create((ushort)0xFF80)) == Vector512<ushort>.Zero;
        var chars = Vector512.Narrow(c0, c1);
        var next = Vector512.Narrow(Vector512.LoadUnsafe(ref source, 1), Vector512.LoadUnsafe(ref source, 33));
        masks = new AsciiBlockMasks(
            IsWord(chars).ExtractMostSignificantBits(),
            IsDigit(chars).ExtractMostSignificantBits(),
            IsInnerJoiner(chars).ExtractMostSignificantBits(),
            IsDigitJoiner(chars).ExtractMostSignificantBits(),
            IsSpace(chars).ExtractMostSignificantBits(),
            Vector512.Equals(chars, next).ExtractMostSignificantBits());
        return ascii;
    }

    /// <summary>Only <see cref="Word"/> and <see cref="InnerJoiner"/> (what word counting needs) of the 64 characters at <paramref name="at"/>; false when one is not ASCII.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool WordsVector256(ref char at, out ulong word, out ulong innerJoiner)
    {
        ref ushort source = ref Unsafe.As<char, ushort>(ref at);
        var c0 = Vector256.LoadUnsafe(ref source);
        var c1 = Vector256.LoadUnsafe(ref source, 16);
        var c2 = Vector256.LoadUnsafe(ref source, 32);
        var c3 = Vector256.LoadUnsafe(ref source, 48);
        bool ascii = ((c0 | c1 | c2 | c3) & Vector256.Create((ushort)0xFF80)) == Vector256<ushort>.Zero;
        var low = Vector256.Narrow(c0, c1);
        var high = Vector256.Narrow(c2, c3);
        word = Bits(IsWord(low), IsWord(high));
        innerJoiner = Bits(IsInnerJoiner(low), IsInnerJoiner(high));
        return ascii;
    }

    /// <summary><see cref="WordsVector256"/> with one 512-bit vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool WordsVector512(ref char at, out ulong word, out ulong innerJoiner)
    {
        ref ushort source = ref Unsafe.As<char, ushort>(ref at);
        var c0 = Vector512.LoadUnsafe(ref source);
        var c1 = Vector512.LoadUnsafe(ref source, 32);
        bool ascii = ((c0 | c1) & Vector512.Create((ushort)0xFF80)) == Vector512<ushort>.Zero;
        var chars = Vector512.Narrow(c0, c1);
        word = IsWord(chars).ExtractMostSignificantBits();
        innerJoiner = IsInnerJoiner(chars).ExtractMostSignificantBits();
        return ascii;
    }

    /// <summary><see cref="ComputeVector256"/> with eight 128-bit vectors of characters (ARM64's NEON, x86 without AVX2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ComputeVector128(ref char at, out AsciiBlockMasks masks)
    {
        ref ushort source = ref Unsafe.As<char, ushort>(ref at);
        var b0 = Narrow128(ref source, 0, out var or0);
        var b1 = Narrow128(ref source, 16, out var or1);
        var b2 = Narrow128(ref source, 32, out var or2);
        var b3 = Narrow128(ref source, 48, out var or3);
        bool ascii = ((or0 | or1 | or2 | or3) & Vector128.Create((ushort)0xFF80)) == Vector128<ushort>.Zero;
        var n0 = Narrow128(ref source, 1, out _);
        var n1 = Narrow128(ref source, 17, out _);
        var n2 = Narrow128(ref source, 33, out _);
        var n3 = Narrow128(ref source, 49, out _);
        masks = new AsciiBlockMasks(
            Bits(IsWord(b0), IsWord(b1), IsWord(b2), IsWord(b3)),
            Bits(IsDigit(b0), IsDigit(b1), IsDigit(b2), IsDigit(b3)),
            Bits(IsInnerJoiner(b0), IsInnerJoiner(b1), IsInnerJoiner(b2), IsInnerJoiner(b3)),
            Bits(IsDigitJoiner(b0), IsDigitJoiner(b1), IsDigitJoiner(b2), IsDigitJoiner(b3)),
            Bits(IsSpace(b0), IsSpace(b1), IsSpace(b2), IsSpace(b3)),
            Bits(Vector128.Equals(b0, n0), Vector128.Equals(b1, n1), Vector128.Equals(b2, n2), Vector128.Equals(b3, n3)));
        return ascii;
    }

    /// <summary><see cref="WordsVector256"/> with 128-bit vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool WordsVector128(ref char at, out ulong word, out ulong innerJoiner)
    {
        ref ushort source = ref Unsafe.As<char, ushort>(ref at);
        var b0 = Narrow128(ref source, 0, out var or0);
        var b1 = Narrow128(ref source, 16, out var or1);
        var b2 = Narrow128(ref source, 32, out var or2);
        var b3 = Narrow128(ref source, 48, out var or3);
        bool ascii = ((or0 | or1 | or2 | or3) & Vector128.Create((ushort)0xFF80)) == Vector128<ushort>.Zero;
        word = Bits(IsWord(b0), IsWord(b1), IsWord(b2), IsWord(b3));
        innerJoiner = Bits(IsInnerJoiner(b0), IsInnerJoiner(b1), IsInnerJoiner(b2), IsInnerJoiner(b3));
        return ascii;
    }

    /// <summary>16 characters from <paramref name="offset"/> narrowed to bytes; <paramref name="either"/> ORs the two halves (for the ASCII test).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Narrow128(ref ushort source, nuint offset, out Vector128<ushort> either)
    {
        var lo = Vector128.LoadUnsafe(ref source, offset);
        var hi = Vector128.LoadUnsafe(ref source, offset + 8);
        either = lo | hi;
        return Vector128.Narrow(lo, hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Bits(Vector128<byte> b0, Vector128<byte> b1, Vector128<byte> b2, Vector128<byte> b3) =>
        b0.ExtractMostSignificantBits() | ((ulong)b1.ExtractMostSignificantBits() << 16)
        | ((ulong)b2.ExtractMostSignificantBits() << 32) | ((ulong)b3.ExtractMostSignificantBits() << 48);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> IsWord(Vector128<byte> c)
    {
        var letter = Vector128.LessThan((c | Vector128.Create((byte)0x20)).AsSByte() + Vector128.Create((sbyte)(128 - 'a')), Vector128.Create((sbyte)(-128 + 26)));
        var digit = Vector128.LessThan(c.AsSByte() + Vector128.Create((sbyte)(128 - '0')), Vector128.Create((sbyte)(-128 + 10)));
        return (letter | digit).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> IsDigit(Vector128<byte> c) =>
        Vector128.LessThan(c.AsSByte() + Vector128.Create((sbyte)(128 - '0')), Vector128.Create((sbyte)(-128 + 10))).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> IsSpace(Vector128<byte> c) =>
        Vector128.LessThan(c.AsSByte(), Vector128.Create((sbyte)(' ' + 1))).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> IsInnerJoiner(Vector128<byte> c) =>
        Vector128.Equals(c, Vector128.Create((byte)'\'')) | Vector128.Equals(c, Vector128.Create((byte)'-'));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> IsDigitJoiner(Vector128<byte> c) =>
        Vector128.Equals(c, Vector128.Create((byte)'.')) | Vector128.Equals(c, Vector128.Create((byte)','));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Bits(Vector256<byte> low, Vector256<byte> high) =>
        low.ExtractMostSignificantBits() | ((ulong)high.ExtractMostSignificantBits() << 32);

    // The range tests are signed compares after a wrapping add: for c in 0..127, c + (128 - 'a') lands
    // in -128..-103 exactly when c is in 'a'..'z' (AVX2 has a signed byte compare, no unsigned one).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> IsWord(Vector256<byte> c)
    {
        var letter = Vector256.LessThan((c | Vector256.Create((byte)0x20)).AsSByte() + Vector256.Create((sbyte)(128 - 'a')), Vector256.Create((sbyte)(-128 + 26)));
        var digit = Vector256.LessThan(c.AsSByte() + Vector256.Create((sbyte)(128 - '0')), Vector256.Create((sbyte)(-128 + 10)));
        return (letter | digit).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> IsDigit(Vector256<byte> c) =>
        Vector256.LessThan(c.AsSByte() + Vector256.Create((sbyte)(128 - '0')), Vector256.Create((sbyte)(-128 + 10))).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> IsSpace(Vector256<byte> c) =>
        Vector256.LessThan(c.AsSByte(), Vector256.Create((sbyte)(' ' + 1))).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> IsInnerJoiner(Vector256<byte> c) =>
        Vector256.Equals(c, Vector256.Create((byte)'\'')) | Vector256.Equals(c, Vector256.Create((byte)'-'));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> IsDigitJoiner(Vector256<byte> c) =>
        Vector256.Equals(c, Vector256.Create((byte)'.')) | Vector256.Equals(c, Vector256.Create((byte)','));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> IsWord(Vector512<byte> c)
    {
        var letter = Vector512.LessThan((c | Vector512.Create((byte)0x20)).AsSByte() + Vector512.Create((sbyte)(128 - 'a')), Vector512.Create((sbyte)(-128 + 26)));
        var digit = Vector512.LessThan(c.AsSByte() + Vector512.Create((sbyte)(128 - '0')), Vector512.Create((sbyte)(-128 + 10)));
        return (letter | digit).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> IsDigit(Vector512<byte> c) =>
        Vector512.LessThan(c.AsSByte() + Vector512.Create((sbyte)(128 - '0')), Vector512.Create((sbyte)(-128 + 10))).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> IsSpace(Vector512<byte> c) =>
        Vector512.LessThan(c.AsSByte(), Vector512.Create((sbyte)(' ' + 1))).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> IsInnerJoiner(Vector512<byte> c) =>
        Vector512.Equals(c, Vector512.Create((byte)'\'')) | Vector512.Equals(c, Vector512.Create((byte)'-'));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> IsDigitJoiner(Vector512<byte> c) =>
        Vector512.Equals(c, Vector512.Create((byte)'.')) | Vector512.Equals(c, Vector512.Create((byte)','));
}
