using YamlDotNet.Serialization;

namespace Wren.Data.Curation.Quality;

/// <summary>Recipe section <c>c4</c>: datatrove's C4QualityFilter (Raffel et al. 2020), line rules and document rules.</summary>
public sealed record C4Options
{
    public bool Enabled { get; init; } = true;

    /// <summary>Remove Wikipedia-style citation marks: [1], [edit], [citation needed].</summary>
    [YamlMember(Description = @"strip [1], [edit], [citation needed]")]
    public bool RemoveCitations { get; init; } = true;

    /// <summary>Drop lines that do not end in . ? ! " ' (or that end in "...").</summary>
    [YamlMember(Description = @"drop lines not ending in . ? ! "" '")]
    public bool FilterNoTerminalPunct { get; init; } = true;

    /// <summary>Drop lines with fewer words than this (-1: off).</summary>
    [YamlMember(Description = @"drop shorter lines (-1: off)")]
    public int MinWordsPerLine { get; init; } = 3;

    /// <summary>Drop lines holding a word longer than this (-1: off).</summary>
    [YamlMember(Description = @"drop lines with a longer word (-1: off)")]
    public int MaxWordLength { get; init; } = 1000;

    /// <summary>Drop lines that mention "javascript".</summary>
    [YamlMember(Description = @"drop lines mentioning javascript")]
    public bool FilterJavascript { get; init; } = true;

    /// <summary>Drop lines with cookie/terms-of-use/privacy-policy boilerplate.</summary>
    [YamlMember(Description = @"drop cookie / terms-of-use / privacy-policy lines")]
    public bool FilterPolicy { get; init; } = true;

    /// <summary>Drop documents that contain "lorem ipsum".</summary>
    [YamlMember(Description = @"drop documents with ""lorem ipsum""")]
    public bool FilterLoremIpsum { get; init; } = true;

    /// <summary>
    /// Drop documents containing '{'. datatrove's default is on (C4 targets web prose); off here
    /// because an organization's documents legitimately hold code and templates.
    /// </summary>
    [YamlMember(Description = @"drop documents with '{' (datatrove: true; off because org data holds code)")]
    public bool FilterCurlyBracket { get; init; }

    /// <summary>Drop documents with fewer sentences than this after line filtering (-1: off).</summary>
    [YamlMember(Description = @"drop documents with fewer sentences left (-1: off)")]
    public int MinNumSentences { get; init; } = 5;
}
