using Lingua;
using Wren.Runtime;

namespace Wren.Data.Curation.Language;

/// <summary>The recipe's ISO 639-1 codes as Lingua languages, in the recipe's order (shared by both detectors).</summary>
public static class LinguaLanguages
{
    /// <summary>
    /// Distinct languages in first-mention order. Lingua needs at least two to choose between, so a
    /// lone language gets a contrast (English, or French when the lone one is English).
    /// </summary>
    public static Lingua.Language[] Parse(IEnumerable<string> isoCodes)
    {
        var languages = new List<Lingua.Language>();
        foreach (string code in isoCodes)
        {
            if (!Enum.TryParse<IsoCode6391>(code, ignoreCase: true, out var iso) || iso == IsoCode6391.None || !Enum.IsDefined(iso))
            {
                throw new WrenException($"language: '{code}' is not an ISO 639-1 language code that Lingua knows");
            }
            var language = LanguageInfo.GetByIsoCode6391(iso);
            if (!languages.Contains(language))
            {
                languages.Add(language);
            }
        }
        if (languages.Count < 2)
        {
            languages.Add(languages.Count == 1 && languages[0] == Lingua.Language.English ? Lingua.Language.French : Lingua.Language.English);
        }
        return [.. languages];
    }

    /// <summary>Lowercase ISO 639-1 code, as the curation metadata stores it.</summary>
    public static string Code(Lingua.Language language) => LanguageInfo.IsoCode6391(language).ToString().ToLowerInvariant();
}
