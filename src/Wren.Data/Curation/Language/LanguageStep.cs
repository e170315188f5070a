using System.Globalization;
using System.Text.RegularExpressions;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Recipe;
using Wren.Data.Curation.Text;

namespace Wren.Data.Curation.Language;

/// <summary>
/// Labels each document with its language and the detector's confidence (<c>language</c>,
/// <c>language_confidence</c> in <c>metadata.wren</c>) and keeps the configured languages, deciding as
/// datatrove's <c>LanguageFilter</c> does (checked against datatrove's main branch at a649de79,
/// 2026-08-13; the filter last changed in 22606036, 2025-01-10): a document is kept when a kept language
/// scores above <see cref="LanguageOptions.MinConfidence"/> (strictly), or, with no languages to keep,
/// when its top language does. Rules: <c>language_not_kept</c> (the top language is not a kept one;
/// value: its confidence) and <c>low_confidence</c>.
/// Deliberate differences: the detector is Lingua (its models and algorithm; <see cref="LinguaModelScorer"/>),
/// not fastText's lid.176, and reads the first <see cref="LanguageOptions.MaxChars"/> characters, not the
/// whole text; only the top language's confidence is known, which decides as datatrove does whenever
/// <see cref="LanguageOptions.MinConfidence"/> is at least 0.5 (the confidences sum to 1, so no other
/// language can then score above it). A kind of source may mark texts under
/// <see cref="SourceKindOptions.ShortTextWords"/> words as too short to tell (mail and records: 20): such a text
/// is not judged by <c>low_confidence</c>, and by <c>language_not_kept</c> only above
/// <see cref="SourceKindOptions.ShortTextLanguageConfidence"/>. This is a difference from datatrove, whose fastText
/// reads words as well as character n-grams and tells a two-line English reply from Dutch; Lingua's trigram mode does
/// not, and its high-accuracy mode costs ~0.5 GiB and seconds of CPU to load.
/// </summary>
public sealed partial class LanguageStep : IDocumentStep
{
    private readonly LanguageOptions _options;
    // Low-accuracy mode (the default): Lingua's algorithm over Lingua's models, ~100x faster than
    // calling Lingua. High-accuracy mode: Lingua itself.
    private readonly LinguaModelScorer? _scorer;
    private readonly LinguaLanguageDetector? _detector;
    private readonly HashSet<string> _keep;
    private readonly SourceKinds _kinds;

    public LanguageStep(LanguageOptions options, SourceKinds? kinds = null)
    {
        _options = options;
        _kinds = kinds ?? SourceKinds.None;
        _keep = new HashSet<string>(options.Keep.Select(k => k.ToLowerInvariant()), StringComparer.Ordinal);
        var languages = options.Candidates.Concat(options.Keep);
        if (options.Fast)
        {
            _scorer = new LinguaModelScorer(languages);
        }
        else
        {
            _detector = new LinguaLanguageDetector(languages);
        }
    }

    public string Name => "language";

    public IReadOnlyList<ScoreHistogramSpec> Histograms { get; } = [new("language_confidence", 0, 1, 20)];

    [GeneratedRegex(@"\b(?:[a-zA-Z][a-zA-Z0-9+.-]*://|www\.)\S+|[^\s<>()\[\]]+@[^\s<>()\[\]]+\.[^\s<>()\[\]]+")]
    private static partial Regex Address();

    /// <summary>
    /// The text without URLs and e-mail addresses. Lingua drops punctuation and digits, so a link reads to it
    /// as a run of letters ("httpboingboingnetdoom") in no language, and in a short mail or record full of
    /// links those runs outvote its English sentences (a Dutch or Swedish verdict at 0.99 on the sample).
    /// </summary>
    internal static string WithoutAddresses(string text) =>
        text.Contains("://", StringComparison.Ordinal) || text.Contains("www.", StringComparison.Ordinal) || text.Contains('@')
            ? Address().Replace(text, " ")
            : text;

    public StepResult Process(WorkingDocument document, StepCounters counters)
    {
        string text = WithoutAddresses(document.Text.Length <= _options.MaxChars ? document.Text : document.Text[.._options.MaxChars]);
        var (code, confidence) = _scorer is not null ? _scorer.Detect(text) : _detector!.Detect(text);
        document.SetScore("language", code);
        document.SetScore("language_confidence", confidence);
        counters.Add("language." + code);
        var kind = _kinds.Of(document);
        if (kind is { ShortTextWords: > 0 } && WordTokenizer.CountWords(text) is int words && words < kind.ShortTextWords)
        {
            // Too short to tell, unless the detector is sure of another language (see the class comment).
            if (_keep.Count > 0 && !_keep.Contains(code) && confidence > kind.ShortTextLanguageConfidence)
            {
                return StepResult.Drop("language_not_kept", confidence, kind.ShortTextLanguageConfidence, string.Create(CultureInfo.InvariantCulture,
                    $"detected {code} with confidence {confidence:0.###} > {kind.ShortTextLanguageConfidence:0.###} in a short text ({words} words); kept languages: {string.Join(", ", _options.Keep)}"));
            }
            counters.Add("language.too_short_to_tell");
            return StepResult.Keep;
        }
        if (_keep.Count > 0 && !_keep.Contains(code))
        {
            return StepResult.Drop("language_not_kept", confidence, _options.MinConfidence, string.Create(CultureInfo.InvariantCulture,
                $"detected {code} with confidence {confidence:0.###}; kept languages: {string.Join(", ", _options.Keep)}"));
        }
        if (confidence <= _options.MinConfidence)
        {
            return StepResult.Drop("low_confidence", confidence, _options.MinConfidence, string.Create(CultureInfo.InvariantCulture,
                $"detected {code} with confidence {confidence:0.###} <= min_confidence {_options.MinConfidence:0.###}"));
        }
        return StepResult.Keep;
    }
}
