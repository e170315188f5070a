using Lingua;

namespace Wren.Data.Curation.Language;

/// <summary>
/// Lingua's detector, built once for the configured languages (loading models is the slow part;
/// detection is thread-safe and reused by every task). Returns ISO 639-1 codes. The curation step
/// uses it for high-accuracy mode; in low-accuracy mode <see cref="LinguaModelScorer"/> gives the
/// same answers faster, and this class is its reference in the tests.
/// </summary>
public sealed class LinguaLanguageDetector
{
    private readonly LanguageDetector _detector;

    public LinguaLanguageDetector(IEnumerable<string> isoCodes, bool fast = false)
    {
        var builder = LanguageDetectorBuilder.FromLanguages(LinguaLanguages.Parse(isoCodes));
        _detector = (fast ? builder.WithLowAccuracyMode() : builder).Build();
    }

    /// <summary>The likeliest language's code (or "unknown") and its confidence in [0, 1].</summary>
    public (string Code, double Confidence) Detect(string text)
    {
        var values = _detector.ComputeLanguageConfidenceValues(text);
        foreach (var (language, confidence) in values)
        {
            if (confidence <= 0)
            {
                break;
            }
            return (LanguageInfo.IsoCode6391(language).ToString().ToLowerInvariant(), confidence);
        }
        return ("unknown", 0);
    }
}
