using YamlDotNet.Serialization;

namespace Wren.Data.Curation.Quality;

/// <summary>Recipe section <c>gopher_repetition</c>: datatrove's GopherRepetitionFilter defaults (Rae et al. 2021, table A1).</summary>
public sealed record GopherRepetitionOptions
{
    public bool Enabled { get; init; } = true;

    [YamlMember(Description = @"max fraction of lines that repeat an earlier line")]
    public double DupLineFrac { get; init; } = 0.3;

    [YamlMember(Description = @"max fraction of paragraphs that repeat an earlier one")]
    public double DupParaFrac { get; init; } = 0.3;

    [YamlMember(Description = @"max share of characters in repeated lines")]
    public double DupLineCharFrac { get; init; } = 0.2;

    [YamlMember(Description = @"max share of characters in repeated paragraphs")]
    public double DupParaCharFrac { get; init; } = 0.2;

    /// <summary>Max share of characters covered by the most frequent n-gram, for n = 2, 3, 4.</summary>
    [YamlMember(Description = "n: max share of characters covered by the most frequent n-gram")]
    public Dictionary<int, double> TopNGrams { get; init; } = new() { [2] = 0.2, [3] = 0.18, [4] = 0.16 };

    /// <summary>Max share of characters in duplicated n-grams, for n = 5..10.</summary>
    [YamlMember(Description = "n: max share of characters inside repeated n-grams")]
    public Dictionary<int, double> DupNGrams { get; init; } = new() { [5] = 0.15, [6] = 0.14, [7] = 0.13, [8] = 0.12, [9] = 0.11, [10] = 0.10 };
}
