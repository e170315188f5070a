namespace Wren.Data.Curation.Recipe;

/// <summary>
/// Records (a ticket, a note, a knowledge-base row from CSV, JSONL, Parquet or SQL): short by nature,
/// often with ids, numbers, links and quoted mail, so the length, stop-word and sentence minimums are low
/// or off, the rules measuring a share of the text (n-gram repetition, '#' and ellipsis ratios) wait for 50 words, a '#' bar counts once, bare '&gt;' lines are no lines and the letter share
/// is looser; C4's line filters and FineWeb's line-shape rules are off.
/// </summary>
public sealed record RecordKindOptions : SourceKindOptions
{
    public RecordKindOptions()
    {
        Formats = ["csv", "tsv", "jsonl", "parquet", "sqlite", "postgresql"];
        ShareRulesMinWords = 50;
        IgnoreQuoteMarkerLines = true;
        HashRunsCountOnce = true;
        MinDocWords = 3;
        MinStopWords = 0;
        MinAlphaWordsRatio = 0.3;
        MinNumSentences = -1;
        ShortTextWords = 20;
    }
}
