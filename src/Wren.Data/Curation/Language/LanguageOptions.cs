using YamlDotNet.Serialization;

namespace Wren.Data.Curation.Language;

/// <summary>Recipe section <c>language</c>.</summary>
public sealed record LanguageOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>ISO 639-1 codes of the languages to keep (empty: keep every language, only label).</summary>
    [YamlMember(Description = @"ISO 639-1 codes to keep ([] keeps all, only labels)")]
    public List<string> Keep { get; init; } = ["en"];

    /// <summary>
    /// Languages the detector chooses among (ISO 639-1). The detector is built once with these and
    /// the kept ones; fewer candidates are faster and make confusions rarer.
    /// </summary>
    [YamlMember(Description = @"languages the detector chooses among")]
    public List<string> Candidates { get; init; } = ["en", "de", "fr", "es", "it", "pt", "nl", "sv", "pl", "ru", "zh", "ja", "ko", "ar", "tr"];

    /// <summary>Drop documents whose top language has a lower confidence than this.</summary>
    [YamlMember(Description = @"drop below this confidence (rule low_confidence)")]
    public double MinConfidence { get; init; } = 0.65;

    /// <summary>Characters of the text the detector reads (from the start); longer texts gain little accuracy.</summary>
    [YamlMember(Description = @"characters read from the start of each document")]
    public int MaxChars { get; init; } = 500;

    /// <summary>
    /// Lingua's low-accuracy mode: trigram models only; its authors report accuracy above 120
    /// characters mostly unchanged. Documents shorter than that are still read in full, just with
    /// less accuracy. Run by <see cref="LinguaModelScorer"/> (Lingua's answers from Lingua's models,
    /// ~100x faster than calling Lingua); <c>false</c> calls Lingua's high-accuracy mode (1- to 5-grams).
    /// The scorer's merged n-gram table is built once per machine and language set and kept in
    /// <c>$WREN_CACHE/lingua</c> (default <c>$XDG_CACHE_HOME/wren/lingua</c> or
    /// <c>~/.cache/wren/lingua</c>; <c>WREN_CACHE=off</c>: build it in every process).
    /// </summary>
    [YamlMember(Description = @"Lingua low-accuracy mode: much faster, as accurate above ~120 characters")]
    public bool Fast { get; init; } = true;
}
