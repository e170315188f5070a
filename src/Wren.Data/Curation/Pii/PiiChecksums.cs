namespace Wren.Data.Curation.Pii;

/// <summary>The check-digit algorithms that separate real card numbers and IBANs from look-alikes.</summary>
public static class PiiChecksums
{
    /// <summary>Luhn (mod 10) over the digits of <paramref name="text"/>, ignoring spaces and dashes.</summary>
    public static bool Luhn(ReadOnlySpan<char> text)
    {
        int sum = 0;
        bool doubleIt = false;
        int digits = 0;
        for (int i = text.Length - 1; i >= 0; i--)
        {
            char c = text[i];
            if (c is ' ' or '-')
            {
                continue;
            }
            if (c is < '0' or > '9')
            {
                return false;
            }
            int d = c - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
            digits++;
        }
        return digits >= 12 && sum % 10 == 0;
    }

    /// <summary>ISO 13616 IBAN check: move the first four characters to the end, letters to 10..35, mod 97 must be 1.</summary>
    public static bool Iban(ReadOnlySpan<char> text)
    {
        Span<char> compact = stackalloc char[40];
        int n = 0;
        foreach (char c in text)
        {
            if (c == ' ')
            {
                continue;
            }
            if (n == compact.Length || !char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
            compact[n++] = char.ToUpperInvariant(c);
        }
        if (n < 15 || n > 34 || !char.IsAsciiLetter(compact[0]) || !char.IsAsciiLetter(compact[1]) || !char.IsAsciiDigit(compact[2]) || !char.IsAsciiDigit(compact[3]))
        {
            return false;
        }
        if (IbanLengths.TryGetValue(new string(compact[..2]), out int expected) && expected != n)
        {
            return false;
        }
        int remainder = 0;
        for (int k = 0; k < n; k++)
        {
            char c = compact[(k + 4) % n];
            if (char.IsAsciiDigit(c))
            {
                remainder = (remainder * 10 + (c - '0')) % 97;
            }
            else
            {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            }
        }
        return remainder == 1;
    }

    /// <summary>Shannon entropy in bits per character.</summary>
    public static double Entropy(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return 0;
        }
        Span<int> counts = stackalloc int[128];
        int other = 0;
        foreach (char c in text)
        {
            if (c < 128)
            {
                counts[c]++;
            }
            else
            {
                other++;
            }
        }
        double h = 0;
        foreach (int count in counts)
        {
            if (count > 0)
            {
                double p = (double)count / text.Length;
                h -= p * Math.Log2(p);
            }
        }
        if (other > 0)
        {
            double p = (double)other / text.Length;
            h -= p * Math.Log2(p);
        }
        return h;
    }

    // Lengths of the commonest IBAN countries (SWIFT IBAN registry).
    private static readonly Dictionary<string, int> IbanLengths = new(StringComparer.Ordinal)
    {
        ["AT"] = 20, ["BE"] = 16, ["BG"] = 22, ["CH"] = 21, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DK"] = 18, ["EE"] = 20,
        ["ES"] = 24, ["FI"] = 18, ["FR"] = 27, ["GB"] = 22, ["GR"] = 27, ["HR"] = 21, ["HU"] = 28, ["IE"] = 22, ["IS"] = 26,
        ["IT"] = 27, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["MT"] = 31, ["NL"] = 18, ["NO"] = 15, ["PL"] = 28,
        ["PT"] = 25, ["RO"] = 24, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["TR"] = 26, ["SA"] = 24, ["AE"] = 23, ["IL"] = 23,
    };
}
