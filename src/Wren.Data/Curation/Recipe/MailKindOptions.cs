namespace Wren.Data.Curation.Recipe;

/// <summary>
/// E-mail: a reply of two sentences is worth keeping, so the length, stop-word and sentence minimums
/// are low or off, and the rules measuring a share of the text (n-gram repetition, '#' and ellipsis ratios) wait for 50 words, a '#' bar counts once; quoted replies hold lines of bare
/// '&gt;' markers, which are no more lines than blank ones; links, paths and quote markers lower the share of
/// tokens with a letter; greetings, sign-offs and short lines are normal, so C4's line filters and
/// FineWeb's line-shape rules are off.
/// </summary>
public sealed record MailKindOptions : SourceKindOptions
{
    public MailKindOptions()
    {
        Formats = ["email"];
        ShareRulesMinWords = 50;
        IgnoreQuoteMarkerLines = true;
        HashRunsCountOnce = true;
        MinDocWords = 5;
        MinStopWords = 0;
        MinAlphaWordsRatio = 0.3;
        MinNumSentences = -1;
        ShortTextWords = 20;
    }
}
