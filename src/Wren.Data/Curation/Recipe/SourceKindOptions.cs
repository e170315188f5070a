using YamlDotNet.Serialization;

namespace Wren.Data.Curation.Recipe;

/// <summary>
/// One kind of source in recipe section <c>kinds</c>: which ingest formats it covers and the thresholds
/// that differ from the web-crawl ones of the steps' own sections. The published rules (Gopher, C4,
/// FineWeb) were tuned on web pages; a support ticket or a short reply is exactly what an organization
/// wants to keep, and a hard-wrapped report has lines that are not paragraphs. Each kind's defaults
/// are set by its own type (<see cref="DocumentKindOptions"/>, <see cref="MailKindOptions"/>,
/// <see cref="RecordKindOptions"/>), so a recipe that changes one key keeps the kind's other defaults.
/// </summary>
public abstract record SourceKindOptions
{
    /// <summary>Ingest formats (<c>metadata.format</c>) of this kind.</summary>
    [YamlMember(Description = @"ingest formats of this kind")]
    public List<string> Formats { get; init; } = [];

    /// <summary>
    /// The rules that measure a share of the text judge only documents of at least this many words (0:
    /// every document, as published): gopher_repetition's n-gram rules (top and duplicated n-grams) and
    /// gopher_quality's '#' and ellipsis ratios and bullet and ellipsis line shares. In a short text one
    /// phrase said twice, or even the most frequent n-gram seen once, or one "...", is a large share, with
    /// nothing wrong to speak of.
    /// </summary>
    [YamlMember(Description = @"n-gram repetition, '#'/ellipsis ratios and bullet/ellipsis line shares judge only documents of this many words or more (0: all)")]
    public int ShareRulesMinWords { get; init; }

    /// <summary>
    /// gopher_repetition: a line of only '&gt;' quote markers is no line, as a blank line is not (the blank
    /// lines inside a quoted reply are not repeated content).
    /// </summary>
    [YamlMember(Description = @"gopher_repetition: a line of only '>' quote markers is no line, as a blank one is not")]
    public bool IgnoreQuoteMarkerLines { get; init; }

    /// <summary>
    /// gopher_quality's '#' ratio counts a run of three or more '#' once: a separator or a progress bar
    /// ("#####...", in logs and command output) is one mark, not fifty hashtags.
    /// </summary>
    [YamlMember(Description = @"gopher_quality's '#' ratio counts a run of 3+ '#' (a bar in a log) once")]
    public bool HashRunsCountOnce { get; init; }

    /// <summary>
    /// language: a text of fewer words than this (counted on what the detector reads, links and addresses left out)
    /// is too short for the trigram detector to tell, so <c>low_confidence</c> does not judge it and
    /// <c>language_not_kept</c> only when the other language scores above <see cref="ShortTextLanguageConfidence"/>
    /// (0: every text judged as published). On the sample the trigram scorer calls English two-line tickets Dutch,
    /// German or Swedish at 0.50-0.92, while a short text in another language scores 0.97 and up.
    /// </summary>
    [YamlMember(Description = @"language: texts under this many words are too short to tell: low_confidence skips them, language_not_kept needs short_text_language_confidence (0: off)")]
    public int ShortTextWords { get; init; }

    /// <summary>language: the confidence above which a short text (<see cref="ShortTextWords"/>) is judged to be in another language.</summary>
    [YamlMember(Description = @"language: a short text is dropped as another language only above this confidence")]
    public double ShortTextLanguageConfidence { get; init; } = 0.95;

    /// <summary>gopher_quality's <c>min_doc_words</c> for this kind (0: off).</summary>
    [YamlMember(Description = @"gopher_quality's min_doc_words")]
    public int MinDocWords { get; init; }

    /// <summary>gopher_quality's <c>min_stop_words</c> for this kind (0: off).</summary>
    [YamlMember(Description = @"gopher_quality's min_stop_words")]
    public int MinStopWords { get; init; }

    /// <summary>gopher_quality's <c>min_alpha_words_ratio</c> for this kind (0: off).</summary>
    [YamlMember(Description = @"gopher_quality's min_alpha_words_ratio")]
    public double MinAlphaWordsRatio { get; init; }

    /// <summary>c4's <c>min_num_sentences</c> for this kind (-1: off).</summary>
    [YamlMember(Description = @"c4's min_num_sentences (-1: off)")]
    public int MinNumSentences { get; init; }

    /// <summary>
    /// Whether c4 removes lines (no terminal punctuation, too few words, a too long word, javascript,
    /// policy) from documents of this kind; when off, c4 only judges the whole document.
    /// </summary>
    [YamlMember(Description = @"c4 removes lines (no terminal punctuation, too few words...); off: c4 judges only the whole document")]
    public bool C4LineFilters { get; init; }

    /// <summary>Whether the fineweb step's line-shape rules judge documents of this kind.</summary>
    [YamlMember(Description = @"fineweb's line-shape rules judge this kind")]
    public bool Fineweb { get; init; }
}
