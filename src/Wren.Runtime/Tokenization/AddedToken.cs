namespace Wren.Runtime.Tokenization;

/// <summary>An entry of <c>added_tokens</c> in <c>tokenizer.json</c>: matched in raw text before the model runs.</summary>
public sealed record AddedToken
{
    public required int Id { get; init; }

    public required string Content { get; init; }

    /// <summary>Special tokens are skipped by <c>Decode(skipSpecialTokens: true)</c>.</summary>
    public bool Special { get; init; }

    /// <summary>Only matched when not inside a word.</summary>
    public bool SingleWord { get; init; }

    /// <summary>Whitespace on the left is swallowed into the token.</summary>
    public bool LStrip { get; init; }

    /// <summary>Whitespace on the right is swallowed into the token.</summary>
    public bool RStrip { get; init; }

    public bool Normalized { get; init; }
}
