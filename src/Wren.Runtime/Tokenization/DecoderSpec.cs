namespace Wren.Runtime.Tokenization;

/// <summary>
/// What a <c>tokenizer.json</c> decoder does, reduced to the operations real decoders combine:
/// ByteLevel (characters back to bytes), Metaspace or Replace (<c>▁</c> back to a space),
/// ByteFallback (<c>&lt;0xNN&gt;</c> tokens are raw bytes), Strip/Metaspace (drop one leading space).
/// </summary>
internal sealed record DecoderSpec
{
    public bool ByteLevel { get; init; }

    /// <summary>(pattern, content) replacements applied to each token's text, in order.</summary>
    public IReadOnlyList<(string Pattern, string Content)> Replacements { get; init; } = [];

    public bool ByteFallback { get; init; }

    /// <summary>Leading spaces to drop from the start of the decoded text.</summary>
    public int StripLeadingSpaces { get; init; }

    /// <summary>No decoder in the file: Hugging Face joins the tokens with spaces.</summary>
    public bool JoinWithSpaces { get; init; }
}
