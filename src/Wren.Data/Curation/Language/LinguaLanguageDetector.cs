using Lingua;
using Wren.Runtime;

namespace Wren.Data.Curation.Language;

/// <summary>
/// Lingua's detector, built once for the configured languages (loading models is the slow part;
/// detection is thread-safe and reused by every task). Returns ISO 639-1 codes.
/// </summary>
public sealed class LinguaLanguageDetector
{
    private readonly LanguageDetector _detector;

    public LinguaLanguageDetector(IEnumerable<string> isoCodes, bool fast = false)
    {
        var languages = new List<Lingua.Language>();
        foreach (string code in isoCodes.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!Enum.TryParse<IsoCode6391>(code, ignoreCase: true, out var iso) || iso == IsoCode6391.None)
            {
                throw new WrenException($"language: '{code}' is not an ISO 639-1 language code that Lingua knows");
            }
            languages.Add(LanguageInfo.GetByIsoCode6391(iso));
        }
        if (languages.Count < 2)
        {
            // Lingua needs at least two languages to choose between; English is the usual contrast.
            languages.Add(languages.Count == 1 && languages[0] == Lingua.Language.English ? Lingua.Language.French : Lingua.Language.English);
        }
        var builder = LanguageDetectorBuilder.FromLanguages(languages.ToArray());
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
