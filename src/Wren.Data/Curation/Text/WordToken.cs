namespace Wren.Data.Curation.Text;

/// <summary>One token: where it is in the text and what kind it is.</summary>
public readonly record struct WordToken(int Start, int Length, TokenKind Kind)
{
    public int End => Start + Length;
}
