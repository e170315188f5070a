namespace Wren.Runtime.Constraints;

/// <summary>
/// A nondeterministic automaton over bytes with calls: the form a schema or a regex is first written in.
/// States belong to fragments (<see cref="AddFragment"/>); a call edge runs another fragment to its accept
/// state and then continues, which is how nested and recursive (<c>$ref</c>) values are expressed.
/// <see cref="ByteGrammar.Compile"/> turns it into deterministic tables.
/// </summary>
internal sealed class ByteNfa
{
    /// <summary>States past this many mean the schema is too large to compile into tables.</summary>
    public const int MaxStates = 400_000;

    internal readonly List<List<(byte Lo, byte Hi, int To)>> Bytes = [];
    internal readonly List<List<int>> Epsilons = [];
    internal readonly List<List<(int Fragment, int To)>> Calls = [];
    internal readonly List<(int Start, int Accept, string Where)> Fragments = [];

    public int StateCount => Bytes.Count;

    public int NewState()
    {
        if (Bytes.Count >= MaxStates) throw new WrenException($"the constraint is too large to compile (over {MaxStates:N0} automaton states); lower maxLength/maxItems or simplify patterns");
        Bytes.Add([]);
        Epsilons.Add([]);
        Calls.Add([]);
        return Bytes.Count - 1;
    }

    /// <summary>A fragment whose body the caller builds from Start to Accept; returns its index.</summary>
    public int AddFragment(string where)
    {
        int start = NewState(), accept = NewState();
        Fragments.Add((start, accept, where));
        return Fragments.Count - 1;
    }

    public void AddBytes(int from, byte lo, byte hi, int to) => Bytes[from].Add((lo, hi, to));

    public void AddEpsilon(int from, int to) => Epsilons[from].Add(to);

    public void AddCall(int from, int fragment, int to) => Calls[from].Add((fragment, to));

    public void AddLiteral(int from, ReadOnlySpan<byte> bytes, int to)
    {
        if (bytes.IsEmpty)
        {
            AddEpsilon(from, to);
            return;
        }
        int at = from;
        for (int i = 0; i < bytes.Length; i++)
        {
            int next = i == bytes.Length - 1 ? to : NewState();
            AddBytes(at, bytes[i], bytes[i], next);
            at = next;
        }
    }

    /// <summary>Up to <paramref name="count"/> optional spaces from <paramref name="from"/>; returns where the value starts.</summary>
    /// <remarks>For tokenizers whose decoder strips leading spaces (Metaspace): the space is written but not shown.</remarks>
    public int AddOptionalSpaces(int from, int count)
    {
        for (int i = 0; i < count; i++)
        {
            int next = NewState();
            AddBytes(from, (byte)' ', (byte)' ', next);
            AddEpsilon(from, next);
            from = next;
        }
        return from;
    }

    /// <summary>
    /// One character of <paramref name="set"/> as it appears inside a JSON string literal: printable ASCII as
    /// itself, '"' and '\' escaped, control characters as their short escape or \u00XX, everything else as UTF-8.
    /// (No \uXXXX escapes above U+00FF are generated: the model writes such characters directly.)
    /// </summary>
    public void AddJsonChar(int from, CodePointSet set, int to)
    {
        foreach (var (lo, hi) in set.Ranges)
        {
            for (int c = lo; c <= Math.Min(hi, 0x1F); c++) AddControl(from, c, to);
            int a = Math.Max(lo, 0x20), b = Math.Min(hi, 0x7F);
            for (int c = a; c <= b;)
            {
                if (c == '"' || c == '\\')
                {
                    AddLiteral(from, [(byte)'\\', (byte)c], to);
                    c++;
                    continue;
                }
                int end = c;
                while (end + 1 <= b && end + 1 != '"' && end + 1 != '\\') end++;
                AddBytes(from, (byte)c, (byte)end, to);
                c = end + 1;
            }
            if (hi >= 0x80) AddUtf8(from, Math.Max(lo, 0x80), hi, to);
        }
    }

    private void AddControl(int from, int c, int to)
    {
        char shortEscape = c switch { 8 => 'b', 9 => 't', 10 => 'n', 12 => 'f', 13 => 'r', _ => '\0' };
        if (shortEscape != '\0') AddLiteral(from, [(byte)'\\', (byte)shortEscape], to);
        int u = NewState();
        AddLiteral(from, "\\u00"u8, u);
        int hiNibble = NewState();
        AddBytes(u, (byte)('0' + (c >> 4)), (byte)('0' + (c >> 4)), hiNibble);
        char lower = "0123456789abcdef"[c & 15], upper = char.ToUpperInvariant(lower);
        AddBytes(hiNibble, (byte)lower, (byte)lower, to);
        if (upper != lower) AddBytes(hiNibble, (byte)upper, (byte)upper, to);
    }

    /// <summary>
    /// The UTF-8 encodings of code points lo..hi (no surrogates inside) as byte-range sequences, split the way
    /// Rust's utf8-ranges does: first by encoded length, then until every byte position is one contiguous range.
    /// </summary>
    private void AddUtf8(int from, int lo, int hi, int to)
    {
        int[] limits = [0x7F, 0x7FF, 0xFFFF];
        foreach (int max in limits)
        {
            if (lo <= max && hi > max)
            {
                AddUtf8(from, lo, max, to);
                AddUtf8(from, max + 1, hi, to);
                return;
            }
        }
        int n = lo <= 0x7F ? 1 : lo <= 0x7FF ? 2 : lo <= 0xFFFF ? 3 : 4;
        for (int i = 1; i < n; i++)
        {
            int m = (1 << (6 * i)) - 1;
            if ((lo & ~m) != (hi & ~m))
            {
                if ((lo & m) != 0)
                {
                    AddUtf8(from, lo, lo | m, to);
                    AddUtf8(from, (lo | m) + 1, hi, to);
                    return;
                }
                if ((hi & m) != m)
                {
                    AddUtf8(from, lo, (hi & ~m) - 1, to);
                    AddUtf8(from, hi & ~m, hi, to);
                    return;
                }
            }
        }
        Span<byte> a = stackalloc byte[4], b = stackalloc byte[4];
        new System.Text.Rune(lo).EncodeToUtf8(a);
        new System.Text.Rune(hi).EncodeToUtf8(b);
        int at = from;
        for (int i = 0; i < n; i++)
        {
            int next = i == n - 1 ? to : NewState();
            AddBytes(at, a[i], b[i], next);
            at = next;
        }
    }
}
