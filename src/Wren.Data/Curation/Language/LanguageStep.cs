using Wren.Data.Curation.Pipeline;

namespace Wren.Data.Curation.Language;

/// <summary>
/// Labels each document with its language and the detector's confidence (<c>language</c>,
/// <c>language_confidence</c> in <c>metadata.wren</c>) and keeps the configured languages.
/// Rules: <c>language_not_kept</c> (value: confidence of the detected language) and
/// <c>low_confidence</c>.
/// </summary>
public sealed class LanguageStep : IDocumentStep
{
    private readonly LanguageOptions _options;
    // Low-accuracy mode (the default): Lingua's algorithm over Lingua's models, ~100x faster than
    // calling Lingua. High-accuracy mode: Lingua itself.
    private readonly LinguaModelScorer? _scorer;
    private readonly LinguaLanguageDetector? _detector;
    private readonly HashSet<string> _keep;

    public LanguageStep(LanguageOptions options)
    {
        _options = options;
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

    public StepResult Process(WorkingDocument document, StepCounters counters)
    {
        string text = document.Text;
        var (code, confidence) = _scorer is not null
            ? _scorer.Detect(text.AsSpan(0, Math.Min(text.Length, _options.MaxChars)))
            : _detector!.Detect(text.Length <= _options.MaxChars ? text : text[.._options.MaxChars]);
        document.SetScore("language", code);
        document.SetScore("language_confidence", confidence);
        counters.Add("language." + code);
        if (_keep.Count > 0 && !_keep.Contains(code))
        {
            return StepResult.Drop("language_not_kept", confidence, _options.MinConfidence, code);
        }
        if (confidence < _options.MinConfidence)
        {
            return StepResult.Drop("low_confidence", confidence, _options.MinConfidence);
        }
        return StepResult.Keep;
    }
}
