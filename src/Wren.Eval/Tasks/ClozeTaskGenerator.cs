using System.Text.RegularExpressions;
using Wren.Runtime;

namespace Wren.Eval.Tasks;

/// <summary>
/// A multiple-choice task made from the user's own held-out documents, so every organization gets a targeted
/// score with no download: a sentence's last words are masked, the context is the text before them, and the
/// distractors are sentence endings of the same length in words taken from other documents. A model that knows
/// the organization's language and facts picks the true ending more often than chance (1 / choices).
/// Deterministic: the same documents, options and seed give the same questions.
/// </summary>
public static partial class ClozeTaskGenerator
{
    public static List<MultipleChoiceItem> Generate(IReadOnlyList<string> documents, ClozeOptions? options = null)
    {
        options ??= new ClozeOptions();
        if (options.Choices < 2) throw new ArgumentOutOfRangeException(nameof(options), "a cloze question needs at least 2 choices");
        var candidates = new List<Candidate>();
        for (int d = 0; d < documents.Count; d++) AddCandidates(documents[d], d, options, candidates);
        var documentsWithCandidates = candidates.Select(c => c.Document).Distinct().Count();
        if (documentsWithCandidates < 2)
            throw new WrenException($"the cloze task needs sentences of {options.MinSentenceWords}+ words ending in . ! or ? from at least 2 documents; found them in {documentsWithCandidates} of {documents.Count}");

        var rng = new Random(options.Seed);
        var order = Enumerable.Range(0, candidates.Count).ToArray();
        rng.Shuffle(order);
        var perDocument = new Dictionary<int, int>();
        var byLength = candidates.GroupBy(c => c.EndingWords).ToDictionary(g => g.Key, g => g.ToList());
        var items = new List<MultipleChoiceItem>();
        foreach (int index in order)
        {
            if (items.Count >= options.MaxItems) break;
            var gold = candidates[index];
            perDocument.TryGetValue(gold.Document, out int used);
            if (used >= options.MaxPerDocument) continue;
            var distractors = PickDistractors(gold, byLength[gold.EndingWords], candidates, options.Choices - 1, rng);
            if (distractors.Count < options.Choices - 1) continue;
            int goldAt = rng.Next(options.Choices);
            distractors.Insert(goldAt, gold.Ending);
            items.Add(new MultipleChoiceItem(gold.Context, distractors, goldAt, $"cloze: document {gold.Document + 1}"));
            perDocument[gold.Document] = used + 1;
        }
        return items;
    }

    private static List<string> PickDistractors(Candidate gold, List<Candidate> sameLength, List<Candidate> all, int count, Random rng)
    {
        var picked = new List<string>(count + 1);
        // Same length in words first, so acc cannot be won by preferring short endings; then any length.
        foreach (var pool in new[] { sameLength, all })
        {
            for (int tries = 0; tries < 8 * count && picked.Count < count; tries++)
            {
                var c = pool[rng.Next(pool.Count)];
                if (c.Document == gold.Document || c.Ending == gold.Ending || picked.Contains(c.Ending)) continue;
                picked.Add(c.Ending);
            }
        }
        return picked;
    }

    private static void AddCandidates(string text, int document, ClozeOptions options, List<Candidate> into)
    {
        foreach (Match m in Sentence().Matches(text))
        {
            var words = Word().Matches(m.Value);
            if (words.Count < options.MinSentenceWords) continue;
            int endingWords = Math.Clamp(words.Count / 3, 2, options.MaxEndingWords);
            int endingStart = m.Index + words[words.Count - endingWords].Index;
            string ending = text[endingStart..(m.Index + m.Length)];
            if (ending.Contains('\n')) continue;
            int contextStart = Math.Max(0, endingStart - options.ContextChars);
            // Start the context at a word boundary.
            while (contextStart > 0 && contextStart < endingStart && !char.IsWhiteSpace(text[contextStart - 1])) contextStart++;
            string context = text[contextStart..endingStart].Trim();
            if (context.Length == 0) continue;
            into.Add(new Candidate(document, context, ending, endingWords));
        }
    }

    private sealed record Candidate(int Document, string Context, string Ending, int EndingWords);

    // A sentence: starts at a capital letter, digit or quote, ends at . ! or ? followed by whitespace or the end.
    [GeneratedRegex(@"(?<=^|[.!?]\s+|\n)[\p{Lu}\d""'“][^.!?\n]*(?:[.!?](?=\s|$))", RegexOptions.Multiline)]
    private static partial Regex Sentence();

    [GeneratedRegex(@"\S+")]
    private static partial Regex Word();
}
