using YamlDotNet.Serialization;

namespace Wren.Data.Curation.Quality;

/// <summary>
/// Recipe section <c>gopher_quality</c>: datatrove's GopherQualityFilter defaults (Rae et al. 2021, table A1).
/// 0 turns a rule off, as in datatrove; <see cref="Recipe.KindsOptions"/> may lower the minimums per source kind.
/// </summary>
public sealed record GopherQualityOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>Min words: tokens with a character outside datatrove's <c>PUNCTUATION_SET</c>.</summary>
    [YamlMember(Description = @"fewer words: gopher_short_doc")]
    public int MinDocWords { get; init; } = 50;

    [YamlMember(Description = @"more words: gopher_long_doc")]
    public int MaxDocWords { get; init; } = 100_000;

    [YamlMember(Description = @"mean word length range")]
    public double MinAvgWordLength { get; init; } = 3;

    public double MaxAvgWordLength { get; init; } = 10;

    /// <summary>Max ratio of '#' to tokens, and of ellipses ("..." or "…") to tokens (punctuation tokens included, as in datatrove).</summary>
    [YamlMember(Description = @"max '#' per word and max ellipses per word")]
    public double MaxSymbolWordRatio { get; init; } = 0.1;

    /// <summary>Max fraction of lines starting with '•' or '-' (after leading whitespace).</summary>
    [YamlMember(Description = @"max fraction of lines starting with a bullet")]
    public double MaxBulletLinesRatio { get; init; } = 0.9;

    /// <summary>Max fraction of lines ending with an ellipsis.</summary>
    [YamlMember(Description = @"max fraction of lines ending with an ellipsis")]
    public double MaxEllipsisLinesRatio { get; init; } = 0.3;

    /// <summary>Min fraction of tokens (punctuation included) that contain a letter (datatrove's max_non_alpha_words_ratio, used as a minimum).</summary>
    [YamlMember(Description = @"min fraction of words with a letter")]
    public double MinAlphaWordsRatio { get; init; } = 0.8;

    /// <summary>Min number of distinct <see cref="StopWords"/> in the text (case-sensitive).</summary>
    [YamlMember(Description = @"min count of the stop words below")]
    public int MinStopWords { get; init; } = 2;

    public List<string> StopWords { get; init; } = ["the", "be", "to", "of", "and", "that", "have", "with"];
}
