namespace Wren.Data.Curation.Recipe;

/// <summary>
/// Long-form writing (reports, speeches, manuals, pages): Gopher's length and stop-word minimums and
/// C4's five sentences hold, but lines are often the page's or the file's visual lines (PDF, hard-wrapped
/// text), not paragraphs, so C4's line filters (which drop every line not ending in punctuation) and
/// FineWeb's line-shape rules are off; tables of figures lower the share of tokens with a letter (0.6,
/// not 0.8).
/// </summary>
public sealed record DocumentKindOptions : SourceKindOptions
{
    public DocumentKindOptions()
    {
        Formats = ["text", "markdown", "html", "pdf", "docx"];
        MinDocWords = 50;
        MinStopWords = 2;
        MinAlphaWordsRatio = 0.6;
        MinNumSentences = 5;
    }
}
