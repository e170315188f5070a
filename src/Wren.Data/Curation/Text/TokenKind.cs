namespace Wren.Data.Curation.Text;

/// <summary>What a token from <see cref="WordTokenizer"/> is made of.</summary>
public enum TokenKind : byte
{
    /// <summary>Letters, digits and marks (with inner apostrophes/hyphens), or one CJK character.</summary>
    Word,

    /// <summary>A run of punctuation characters ("...", ",", "--").</summary>
    Punctuation,

    /// <summary>A run of other symbols ("$", "©", "→").</summary>
    Symbol,
}
