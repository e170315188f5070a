namespace Wren.Samples.Generator.Corpus;

/// <summary>One State of the Union address as the stdlib SOTU package stores it.</summary>
public sealed record Speech(int Year, string President, string Party, string Stem, string Text)
{
    /// <summary>A title the way an intranet would list the document.</summary>
    public string Title => $"{Year} State of the Union — {President}";

    /// <summary>The title in plain ASCII, for file metadata and PDF standard fonts.</summary>
    public string AsciiTitle => $"{Year} State of the Union - {President}";
}
