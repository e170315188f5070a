namespace Wren.Runtime.Constraints;

/// <summary>
/// A set of Unicode scalar values as sorted, disjoint, non-adjacent ranges (surrogates never belong): what one
/// character of a string or a regex atom may be.
/// </summary>
internal sealed class CodePointSet
{
    public const int MaxCodePoint = 0x10FFFF;

    private readonly (int Lo, int Hi)[] _ranges;

    private CodePointSet((int Lo, int Hi)[] ranges) => _ranges = ranges;

    public IReadOnlyList<(int Lo, int Hi)> Ranges => _ranges;

    public bool IsEmpty => _ranges.Length == 0;

    /// <summary>Every scalar value.</summary>
    public static CodePointSet All { get; } = From([(0, MaxCodePoint)]);

    /// <summary>
    /// The Basic Multilingual Plane: where a character is one UTF-16 unit, so counts agree whether a validator counts
    /// code points (JSON Schema) or UTF-16 units (.NET's and JavaScript's regex without the u flag).
    /// </summary>
    public static CodePointSet Bmp { get; } = From([(0, 0xFFFF)]);

    /// <summary>What ECMAScript's '.' matches: everything but line terminators (within the BMP).</summary>
    public static CodePointSet Dot { get; } = Bmp.Except(From([('\n', '\n'), ('\r', '\r'), (0x2028, 0x2029)]));

    public static CodePointSet Digits { get; } = From([('0', '9')]);

    public static CodePointSet Word { get; } = From([('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')]);

    public static CodePointSet Space { get; } = From([('\t', '\r'), (' ', ' ')]);

    /// <summary>The ASCII characters outside <paramref name="set"/>: what \D, \W and \S generate (the validator's
    /// own classes count Unicode digits, letters and spaces, so only ASCII is sure to be outside them).</summary>
    public static CodePointSet AsciiComplement(CodePointSet set) => From([(0, 0x7F)]).Except(set);

    public static CodePointSet Single(int c) => From([(c, c)]);

    /// <summary>Normalizes any ranges (unsorted, overlapping) into a set; surrogates are dropped.</summary>
    public static CodePointSet From(IEnumerable<(int Lo, int Hi)> ranges)
    {
        var list = new List<(int Lo, int Hi)>();
        foreach (var (lo, hi) in ranges)
        {
            if (lo > hi) continue;
            // Surrogates are not characters; a string never holds one on its own.
            if (lo < 0xD800 && hi >= 0xD800)
            {
                list.Add((lo, 0xD7FF));
                if (hi > 0xDFFF) list.Add((0xE000, hi));
            }
            else if (lo >= 0xD800 && lo <= 0xDFFF)
            {
                if (hi > 0xDFFF) list.Add((0xE000, hi));
            }
            else list.Add((lo, hi));
        }
        list.Sort();
        var merged = new List<(int Lo, int Hi)>();
        foreach (var r in list)
        {
            if (merged.Count > 0 && r.Lo <= merged[^1].Hi + 1) merged[^1] = (merged[^1].Lo, Math.Max(merged[^1].Hi, r.Hi));
            else merged.Add(r);
        }
        return new CodePointSet([.. merged]);
    }

    public CodePointSet Union(CodePointSet other) => From(_ranges.Concat(other._ranges));

    public CodePointSet Complement()
    {
        var result = new List<(int Lo, int Hi)>();
        int next = 0;
        foreach (var (lo, hi) in _ranges)
        {
            if (lo > next) result.Add((next, lo - 1));
            next = hi + 1;
        }
        if (next <= MaxCodePoint) result.Add((next, MaxCodePoint));
        return From(result);
    }

    public CodePointSet Except(CodePointSet other) => Intersect(other.Complement());

    public CodePointSet Intersect(CodePointSet other)
    {
        var result = new List<(int Lo, int Hi)>();
        int i = 0, j = 0;
        while (i < _ranges.Length && j < other._ranges.Length)
        {
            int lo = Math.Max(_ranges[i].Lo, other._ranges[j].Lo), hi = Math.Min(_ranges[i].Hi, other._ranges[j].Hi);
            if (lo <= hi) result.Add((lo, hi));
            if (_ranges[i].Hi < other._ranges[j].Hi) i++;
            else j++;
        }
        return From(result);
    }
}
