using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Wren.Data.Curation.Text;

/// <summary>
/// The lines of a text with Python's <c>str.splitlines()</c> semantics (no empty last line after a
/// final line break, none for ""), enumerated as (start, length) without allocating: the steps
/// that used to build a <c>List&lt;Range&gt;</c> per document walk this instead. Line breaks are
/// found 16 (or 8) characters at a time by <see cref="IndexOfBreak"/>: four range compares per
/// vector. (A <see cref="SearchValues{T}"/> search did the same, but its generic core stayed in
/// unoptimised tier-0 code for a whole run and cost a third of the line scans.)
/// </summary>
public ref struct LineRanges
{
    /// <summary>Everything <c>str.splitlines()</c> splits on (\r\n counts as one break).</summary>
    public static readonly SearchValues<char> Breaks = SearchValues.Create("\n\r\v\f\u001C\u001D\u001E\u0085\u2028\u2029");

    private readonly ReadOnlySpan<char> _text;
    private int _next;

    public LineRanges(ReadOnlySpan<char> text)
    {
        _text = text;
        _next = 0;
        Start = 0;
        Length = 0;
    }

    /// <summary>Where the current line starts.</summary>
    public int Start { get; private set; }

    /// <summary>Length of the current line, without its line break.</summary>
    public int Length { get; private set; }

    /// <summary>The current line.</summary>
    public readonly ReadOnlySpan<char> Current => _text.Slice(Start, Length);

    public readonly LineRanges GetEnumerator() => this;

    /// <summary>Moves to the next line; false after the last one.</summary>
    public bool MoveNext()
    {
        if (_next >= _text.Length)
        {
            return false;
        }
        int at = IndexOfBreak(_text[_next..]);
        Start = _next;
        if (at < 0)
        {
            Length = _text.Length - _next;
            _next = _text.Length;
            return true;
        }
        Length = at;
        int end = _next + at;
        _next = end + (_text[end] == '\r' && end + 1 < _text.Length && _text[end + 1] == '\n' ? 2 : 1);
        return true;
    }

    /// <summary>Number of lines <c>str.splitlines()</c> gives for <paramref name="text"/>.</summary>
    public static int Count(ReadOnlySpan<char> text)
    {
        int count = 0;
        var lines = new LineRanges(text);
        while (lines.MoveNext())
        {
            count++;
        }
        return count;
    }

    /// <summary>Index of the first character of <paramref name="text"/> that <c>str.splitlines()</c> breaks on (<see cref="Breaks"/>), or -1.</summary>
    public static int IndexOfBreak(ReadOnlySpan<char> text)
    {
        if (Vector256.IsHardwareAccelerated && text.Length >= Vector256<ushort>.Count)
        {
            return IndexOfBreak256(text);
        }
        if (Vector128.IsHardwareAccelerated && text.Length >= Vector128<ushort>.Count)
        {
            return IndexOfBreak128(text);
        }
        return IndexOfBreakScalar(text);
    }

    /// <summary>The scalar definition the vector paths are tested against.</summary>
    internal static int IndexOfBreakScalar(ReadOnlySpan<char> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (IsBreak(text[i]))
            {
                return i;
            }
        }
        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsBreak(char c) =>
        (uint)(c - '\n') <= '\r' - '\n' || (uint)(c - '\u001C') <= 2 || c == '\u0085' || (uint)(c - '\u2028') <= 1;

    /// <summary>16 characters at a time; the last block overlaps the one before (<paramref name="text"/> holds at least 16).</summary>
    // Fully optimised from the first call: seen stuck in tier-0 code through whole runs otherwise.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int IndexOfBreak256(ReadOnlySpan<char> text)
    {
        ref ushort start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        int last = text.Length - Vector256<ushort>.Count;
        for (int i = 0; ; i += Vector256<ushort>.Count)
        {
            i = Math.Min(i, last);
            var v = Vector256.LoadUnsafe(ref start, (nuint)i);
            // Unsigned "c - lo <= span" is one compare per range: \n..\r, \x1C..\x1E, \x85, \u2028..\u2029.
            var hits = Vector256.LessThanOrEqual(v - Vector256.Create((ushort)'\n'), Vector256.Create((ushort)('\r' - '\n')))
                | Vector256.LessThanOrEqual(v - Vector256.Create((ushort)0x1C), Vector256.Create((ushort)2))
                | Vector256.Equals(v, Vector256.Create((ushort)0x85))
                | Vector256.LessThanOrEqual(v - Vector256.Create((ushort)0x2028), Vector256.Create((ushort)1));
            if (hits != Vector256<ushort>.Zero)
            {
                return i + BitOperations.TrailingZeroCount(hits.ExtractMostSignificantBits());
            }
            if (i == last)
            {
                return -1;
            }
        }
    }

    /// <summary>8 characters at a time; the last block overlaps the one before (<paramref name="text"/> holds at least 8).</summary>
    // Fully optimised from the first call: seen stuck in tier-0 code through whole runs otherwise.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int IndexOfBreak128(ReadOnlySpan<char> text)
    {
        ref ushort start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        int last = text.Length - Vector128<ushort>.Count;
        for (int i = 0; ; i += Vector128<ushort>.Count)
        {
            i = Math.Min(i, last);
            var v = Vector128.LoadUnsafe(ref start, (nuint)i);
            var hits = Vector128.LessThanOrEqual(v - Vector128.Create((ushort)'\n'), Vector128.Create((ushort)('\r' - '\n')))
                | Vector128.LessThanOrEqual(v - Vector128.Create((ushort)0x1C), Vector128.Create((ushort)2))
                | Vector128.Equals(v, Vector128.Create((ushort)0x85))
                | Vector128.LessThanOrEqual(v - Vector128.Create((ushort)0x2028), Vector128.Create((ushort)1));
            if (hits != Vector128<ushort>.Zero)
            {
                return i + BitOperations.TrailingZeroCount(hits.ExtractMostSignificantBits());
            }
            if (i == last)
            {
                return -1;
            }
        }
    }
}
