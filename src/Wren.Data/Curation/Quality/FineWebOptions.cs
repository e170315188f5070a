using YamlDotNet.Serialization;

namespace Wren.Data.Curation.Quality;

/// <summary>Recipe section <c>fineweb</c>: the FineWeb recipe's three custom rules (Penedo et al. 2024).</summary>
public sealed record FineWebOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>Drop when the fraction of non-blank lines ending in a terminal mark of any script (. ! ? 。 ...; quotes do not count) is below this.</summary>
    [YamlMember(Description = @"drop if the fraction of lines ending in punctuation is <= this")]
    public double LinePunctThr { get; init; } = 0.12;

    /// <summary>Do not drop documents with no punctuated line at all (for languages without them).</summary>
    [YamlMember(Description = @"spare documents with no punctuated line at all")]
    public bool LinePunctExcludeZero { get; init; }

    /// <summary>Drop when more than this fraction of non-blank lines is short.</summary>
    [YamlMember(Description = @"drop if this fraction of lines or more is short")]
    public double ShortLineThr { get; init; } = 0.67;

    /// <summary>A line this long or shorter is short.</summary>
    [YamlMember(Description = @"a line this long or shorter is short")]
    public int ShortLineLength { get; init; } = 30;

    /// <summary>
    /// Drop when characters in duplicated lines exceed this share. 0.1 is the FineWeb paper's figure;
    /// datatrove's class default is 0.01.
    /// </summary>
    [YamlMember(Description = @"drop if repeated lines hold this share of characters")]
    public double CharDuplicatesRatio { get; init; } = 0.1;

    /// <summary>Drop when newlines per word exceed this (list-like pages).</summary>
    [YamlMember(Description = @"drop if newlines per word exceed this")]
    public double NewLineRatio { get; init; } = 0.3;
}
