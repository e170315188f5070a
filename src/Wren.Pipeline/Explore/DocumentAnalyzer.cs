using System.Diagnostics;
using System.Text.RegularExpressions;
using Wren.Data.Curation.Dedup;
using Wren.Data.Curation.Pii;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Recipe;
using Wren.Data.Documents;
using Wren.Runtime.Tokenization;

namespace Wren.Pipeline.Explore;

/// <summary>
/// The close look at one analysed document, on one worker thread: the default curation recipe's per-document steps
/// (the dry run of <c>wren curate</c>), PII findings (counted, and a few shown masked), a MinHash signature for the
/// near-duplicate rate, recurring fields for extraction, and tokens when a tokenizer is given.
/// </summary>
internal sealed partial class DocumentAnalyzer
{
    private const int PiiExamplesPerType = 3;
    private const int DropExamplesPerRule = 2;
    private const int ContextChars = 60;
    private readonly StepChain _chain;
    private readonly SourceKinds _kinds;
    private readonly PiiDetector _pii = new(new PiiOptions());
    private readonly MinHasher _minHash;
    private readonly BpeTokenizer? _tokenizer;
    private readonly List<ulong> _words = [];

    public DocumentAnalyzer(CurationRecipe recipe, BpeTokenizer? tokenizer)
    {
        _chain = new StepChain(StepFactory.DocumentSteps(recipe));
        _kinds = new SourceKinds(recipe.Kinds);
        _minHash = new MinHasher(recipe.Dedup.Bands * recipe.Dedup.Rows, recipe.Dedup.NGram, recipe.Dedup.Seed);
        _tokenizer = tokenizer;
    }

    public AnalysisTotals Totals { get; } = new();

    public void Analyse(Document document, string kind, string family, List<(ulong[] Signature, long Order)> signatures, long order)
    {
        var t = Totals;
        long started = Stopwatch.GetTimestamp();
        t.Documents++;
        t.Bytes += System.Text.Encoding.UTF8.GetByteCount(document.Text);
        if (_tokenizer is not null)
        {
            t.Tokens += _tokenizer.CountTokens(document.Text, addSpecialTokens: false) + 1;
            t.Time("tokens", started);
            started = Stopwatch.GetTimestamp();
        }

        // The kind (document, mail, record) whose thresholds wren curate applies: a short ticket or reply is judged as one, not as web text.
        var working = new WorkingDocument(document) { Kind = _kinds.KindOf(document) };
        var rejection = _chain.Run(working);
        var byKind = t.Kind(kind);
        byKind.Documents++;
        if (rejection is null)
        {
            byKind.Kept++;
            t.Kept++;
            t.KeptBytes += working.ByteCount;
            if (kind is "pdf" or "docx" or "html" or "md" or "txt" && working.WordCount >= 300)
            {
                t.ReferenceDocuments++;
                t.ReferenceBytes += working.ByteCount;
            }
        }
        else
        {
            string rule = rejection.Step + "." + rejection.Rule;
            byKind.Dropped[rule] = byKind.Dropped.GetValueOrDefault(rule) + 1;
            if (byKind.Examples.Count(e => e.Rule == rule) < DropExamplesPerRule)
                byKind.Examples.Add(new DropExample(rule, document.Source, Mask(Excerpt(document.Text, rejection.Evidence))));
        }

        if (working.Scores["language"]?.GetValue<string>() is { } language) t.Languages[language] = t.Languages.GetValueOrDefault(language) + 1;
        t.Time("curation dry run", started);
        started = Stopwatch.GetTimestamp();

        foreach (var match in _pii.Find(document.Text))
        {
            string type = match.Placeholder.Trim('<', '>').ToLowerInvariant();
            t.Pii[type] = t.Pii.GetValueOrDefault(type) + 1;
            if (t.PiiExamples.Count(e => e.Type == type) < PiiExamplesPerType)
            {
                int start = Math.Max(0, match.Start - ContextChars), end = Math.Min(document.Text.Length, match.End + ContextChars);
                t.PiiExamples.Add(new PiiExample(type, document.Source, Mask(document.Text[start..end])));
            }
        }

        t.Time("pii", started);
        started = Stopwatch.GetTimestamp();
        t.Family(family).Observe(document.Text);
        t.Time("fields", started);
        started = Stopwatch.GetTimestamp();

        if (document.Text.Length >= 64)
        {
            var signature = new ulong[_minHash.Permutations];
            _minHash.Compute(document.Text, signature, _words);
            lock (signatures) signatures.Add((signature, order));
            t.Time("minhash", started);
        }
    }

    /// <summary>Every PII finding in <paramref name="text"/> replaced by its placeholder, line breaks folded: safe to show.</summary>
    internal string Mask(string text)
    {
        string masked = PiiDetector.Redact(text, _pii.Find(text));
        return Whitespace().Replace(masked, " ").Trim();
    }

    /// <summary>Up to 300 characters: around the evidence when the step named one, else the start.</summary>
    private static string Excerpt(string text, string? evidence)
    {
        const int length = 300;
        int at = string.IsNullOrEmpty(evidence) ? -1 : text.IndexOf(evidence, StringComparison.Ordinal);
        int start = at < length ? 0 : at - length / 3;
        int end = Math.Min(text.Length, start + length);
        return (start > 0 ? "…" : "") + text[start..end] + (end < text.Length ? "…" : "");
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
