using System.Numerics;

namespace Wren.Runtime.Constraints;

/// <summary>
/// JSON numbers as automata: any number, or integers and numbers within bounds. Integer bounds are exact (the
/// digit-by-digit range construction); number bounds are met from the inside: the integer part is kept within the
/// bounds and a fraction is allowed only where no fraction can cross them, so 0 ≤ x ≤ 1 generates 0, 0.25, 1
/// but not 1.5 (and never an exponent). Every generated number satisfies the bounds.
/// </summary>
internal static class NumberAutomaton
{
    /// <summary>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</summary>
    public static void AddAny(ByteNfa nfa, bool integer, int from, int to)
    {
        int sign = nfa.NewState();
        nfa.AddEpsilon(from, sign);
        nfa.AddBytes(from, (byte)'-', (byte)'-', sign);
        int intEnd = nfa.NewState();
        AddUnbounded(nfa, 0, sign, intEnd);
        nfa.AddEpsilon(intEnd, to);
        if (integer) return;
        int fracEnd = nfa.NewState();
        AddFraction(nfa, intEnd, fracEnd);
        nfa.AddEpsilon(fracEnd, to);
        int e = nfa.NewState(), eSign = nfa.NewState(), eDigits = nfa.NewState();
        nfa.AddBytes(intEnd, (byte)'E', (byte)'E', e);
        nfa.AddBytes(intEnd, (byte)'e', (byte)'e', e);
        nfa.AddBytes(fracEnd, (byte)'E', (byte)'E', e);
        nfa.AddBytes(fracEnd, (byte)'e', (byte)'e', e);
        nfa.AddEpsilon(e, eSign);
        nfa.AddBytes(e, (byte)'+', (byte)'+', eSign);
        nfa.AddBytes(e, (byte)'-', (byte)'-', eSign);
        nfa.AddBytes(eSign, (byte)'0', (byte)'9', eDigits);
        nfa.AddBytes(eDigits, (byte)'0', (byte)'9', eDigits);
        nfa.AddEpsilon(eDigits, to);
    }

    /// <summary>Numbers within [min, max] (either may be null: unbounded; exclusive flags make that end open).</summary>
    public static void AddBounded(ByteNfa nfa, bool integer, decimal? min, bool minExclusive, decimal? max, bool maxExclusive, int from, int to, string where)
    {
        bool any = false;
        // Non-negative side: magnitude within [max(min, 0), max].
        if (max is null || max > 0 || (max == 0 && !maxExclusive))
        {
            decimal? lo = min is decimal m && m > 0 ? m : 0;
            bool loEx = min is decimal m2 && m2 > 0 && minExclusive;
            any |= AddMagnitude(nfa, integer, negative: false, lo.Value, loEx, max, maxExclusive, from, to);
        }
        // Negative side: "-" then magnitude within [max(-max, 0), -min].
        if (min is null || min < 0)
        {
            int sign = nfa.NewState();
            decimal lo = max is decimal m && m < 0 ? -m : 0;
            bool loEx = max is decimal m2 && m2 < 0 && maxExclusive;
            decimal? hi = min is decimal n ? -n : null;
            if (AddMagnitude(nfa, integer, negative: true, lo, loEx, hi, minExclusive, sign, to))
            {
                nfa.AddBytes(from, (byte)'-', (byte)'-', sign);
                any = true;
            }
        }
        if (!any) throw new WrenException($"{where}: no {(integer ? "integer" : "number")} lies within the bounds");
    }

    /// <summary>Magnitudes I or I.F with integer part I in the bounds (see the class remarks); false when none fits.</summary>
    /// <remarks>On the negative side a whole magnitude starts at 1, so "-0" is never written.</remarks>
    private static bool AddMagnitude(ByteNfa nfa, bool integer, bool negative, decimal lo, bool loEx, decimal? hi, bool hiEx, int from, int to)
    {
        BigInteger a = loEx ? new BigInteger(decimal.Floor(lo)) + 1 : new BigInteger(decimal.Ceiling(lo));
        BigInteger? b = hi is decimal h ? (hiEx ? new BigInteger(decimal.Ceiling(h)) - 1 : new BigInteger(decimal.Floor(h))) : null;
        BigInteger whole = negative ? BigInteger.Max(a, 1) : a;
        bool any = false;
        if (b is null || whole <= b)
        {
            AddIntegerRange(nfa, whole, b, from, to);
            any = true;
        }
        if (integer) return any;
        BigInteger? bf = hi is decimal hf ? new BigInteger(decimal.Floor(hf)) - 1 : null;
        if (bf is null || a <= bf)
        {
            int intEnd = nfa.NewState();
            AddIntegerRange(nfa, a, bf, from, intEnd);
            AddFraction(nfa, intEnd, to);
            any = true;
        }
        return any;
    }

    private static void AddFraction(ByteNfa nfa, int from, int to)
    {
        int dot = nfa.NewState(), digits = nfa.NewState();
        nfa.AddBytes(from, (byte)'.', (byte)'.', dot);
        nfa.AddBytes(dot, (byte)'0', (byte)'9', digits);
        nfa.AddBytes(digits, (byte)'0', (byte)'9', digits);
        nfa.AddEpsilon(digits, to);
    }

    /// <summary>Decimal integers in [lo, hi] (lo ≥ 0; hi null: unbounded), no leading zeros.</summary>
    internal static void AddIntegerRange(ByteNfa nfa, BigInteger lo, BigInteger? hi, int from, int to)
    {
        if (hi is null)
        {
            AddUnbounded(nfa, lo, from, to);
            return;
        }
        string a = lo.ToString(), b = hi.Value.ToString();
        for (int len = a.Length; len <= b.Length; len++)
        {
            BigInteger first = len == 1 ? 0 : BigInteger.Pow(10, len - 1), last = BigInteger.Pow(10, len) - 1;
            BigInteger x = BigInteger.Max(lo, first), y = BigInteger.Min(hi.Value, last);
            if (x <= y) AddSameLength(nfa, x.ToString(), y.ToString(), from, to);
        }
    }

    /// <summary>Integers ≥ lo: those with as many digits as lo and at least lo, and all longer ones.</summary>
    private static void AddUnbounded(ByteNfa nfa, BigInteger lo, int from, int to)
    {
        string a = lo.ToString();
        AddSameLength(nfa, a, new string('9', a.Length), from, to);
        // Longer: [1-9] then at least a.Length digits.
        int at = nfa.NewState();
        nfa.AddBytes(from, (byte)'1', (byte)'9', at);
        for (int i = 0; i < a.Length; i++)
        {
            int next = nfa.NewState();
            nfa.AddBytes(at, (byte)'0', (byte)'9', next);
            at = next;
        }
        nfa.AddBytes(at, (byte)'0', (byte)'9', at);
        nfa.AddEpsilon(at, to);
    }

    /// <summary>Digit strings of one length from lo to hi (lexicographic = numeric for equal lengths).</summary>
    private static void AddSameLength(ByteNfa nfa, string lo, string hi, int from, int to)
    {
        if (lo.Length == 0)
        {
            nfa.AddEpsilon(from, to);
            return;
        }
        if (lo.Length == 1)
        {
            nfa.AddBytes(from, (byte)lo[0], (byte)hi[0], to);
            return;
        }
        if (lo[0] == hi[0] || (lo.AsSpan(1).TrimStart('0').IsEmpty && hi.AsSpan(1).TrimStart('9').IsEmpty))
        {
            int m = nfa.NewState();
            nfa.AddBytes(from, (byte)lo[0], (byte)hi[0], m);
            AddSameLength(nfa, lo[1..], hi[1..], m, to);
            return;
        }
        int low = nfa.NewState();
        nfa.AddBytes(from, (byte)lo[0], (byte)lo[0], low);
        AddSameLength(nfa, lo[1..], new string('9', lo.Length - 1), low, to);
        if (hi[0] - lo[0] > 1)
        {
            int mid = nfa.NewState();
            nfa.AddBytes(from, (byte)(lo[0] + 1), (byte)(hi[0] - 1), mid);
            AddSameLength(nfa, new string('0', lo.Length - 1), new string('9', lo.Length - 1), mid, to);
        }
        int high = nfa.NewState();
        nfa.AddBytes(from, (byte)hi[0], (byte)hi[0], high);
        AddSameLength(nfa, new string('0', hi.Length - 1), hi[1..], high, to);
    }
}
