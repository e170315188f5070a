using System.Text.RegularExpressions;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Quality;
using Wren.Data.Curation.Text;

namespace Wren.Data.Tests.Curation;

/// <summary>
/// Gopher repetition written the plain way, as datatrove's main branch (a649de79) writes it: paragraphs
/// by <c>re.split(r"\n{2,}", text.strip())</c>, lines by <c>re.split("\n+", text)</c>, n-grams as joined
/// strings in dictionaries and sets, every n counted over every position. The oracle that
/// <see cref="GopherRepetitionStep"/> (hashes, candidate positions) is compared with: same rule, value,
/// threshold and highlighted part (the evidence text is the step's own).
/// </summary>
internal static class GopherRepetitionReference
{
    /// <summary>What the reference says as evidence: only the decision is compared (<see cref="CurationSample.AssertSameDecision"/>).</summary>
    private const string Evidence = "reference";

    public static StepResult Process(GopherRepetitionOptions options, string text)
    {
        if (text.Length == 0)
        {
            return StepResult.Keep;
        }
        string[] paragraphs = Regex.Split(text.Trim(), @"\n{2,}");
        var (paraDups, paraChars, paraExample) = Duplicates(paragraphs);
        double paraFrac = (double)paraDups / paragraphs.Length;
        if (paraFrac > options.DupParaFrac)
        {
            return StepResult.Drop("dup_para_frac", paraFrac, options.DupParaFrac, Evidence, paraExample);
        }
        if ((double)paraChars / text.Length > options.DupParaCharFrac)
        {
            return StepResult.Drop("dup_para_char_frac", (double)paraChars / text.Length, options.DupParaCharFrac, Evidence, paraExample);
        }
        string[] lines = Regex.Split(text, "\n+");
        var (lineDups, lineChars, lineExample) = Duplicates(lines);
        double lineFrac = (double)lineDups / lines.Length;
        if (lineFrac > options.DupLineFrac)
        {
            return StepResult.Drop("dup_line_frac", lineFrac, options.DupLineFrac, Evidence, lineExample);
        }
        if ((double)lineChars / text.Length > options.DupLineCharFrac)
        {
            return StepResult.Drop("dup_line_char_frac", (double)lineChars / text.Length, options.DupLineCharFrac, Evidence, lineExample);
        }
        var tokens = new List<WordToken>();
        WordTokenizer.TokenizeReference(text, tokens);
        TreebankRegrouping.Regroup(text, tokens);
        var words = tokens.Select(t => text.Substring(t.Start, t.Length)).ToList();
        int maxN = Math.Max(options.TopNGrams.Keys.DefaultIfEmpty(0).Max(), options.DupNGrams.Keys.DefaultIfEmpty(0).Max());
        for (int n = 2; n <= maxN && n <= words.Count; n++)
        {
            var grams = Enumerable.Range(0, words.Count - n + 1).Select(i => string.Join(' ', words.GetRange(i, n))).ToList();
            if (options.TopNGrams.TryGetValue(n, out double topMax))
            {
                // Counter.most_common(1): the highest count, ties to the n-gram counted first.
                var counts = new Dictionary<string, int>();
                var order = new List<string>();
                foreach (string g in grams)
                {
                    if (!counts.TryAdd(g, 1))
                    {
                        counts[g]++;
                    }
                    else
                    {
                        order.Add(g);
                    }
                }
                int best = counts.Values.Max();
                string top = order.First(g => counts[g] == best);
                double frac = (double)top.Length * best / text.Length;
                if (frac > topMax)
                {
                    return StepResult.Drop($"top_{n}_gram", frac, topMax, Evidence, top);
                }
            }
            if (options.DupNGrams.TryGetValue(n, out double dupMax))
            {
                // find_all_duplicate: n-grams as "".join(words[idx : idx + n]); after a repeated one, the scan jumps past it.
                var unique = new HashSet<string>();
                long repeated = 0;
                string? first = null;
                int idx = 0;
                while (idx < grams.Count)
                {
                    string joined = string.Concat(words.GetRange(idx, n));
                    if (unique.Contains(joined))
                    {
                        repeated += joined.Length;
                        first ??= grams[idx];
                        idx += n;
                    }
                    else
                    {
                        unique.Add(joined);
                        idx++;
                    }
                }
                double frac = (double)repeated / text.Length;
                if (frac > dupMax)
                {
                    return StepResult.Drop($"duplicated_{n}_n_grams", frac, dupMax, Evidence, first);
                }
            }
        }
        return StepResult.Keep;
    }

    private static (int Duplicates, long Chars, string? Example) Duplicates(string[] elements)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int duplicates = 0;
        long chars = 0;
        string? example = null;
        foreach (string e in elements)
        {
            if (!seen.Add(e))
            {
                duplicates++;
                chars += e.Length;
                example ??= e.Length > 0 ? e : null;
            }
        }
        return (duplicates, chars, example);
    }
}
