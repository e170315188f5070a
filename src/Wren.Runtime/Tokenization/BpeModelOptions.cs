namespace Wren.Runtime.Tokenization;

/// <summary>The flags of a <c>tokenizer.json</c> BPE model that change how words are encoded.</summary>
internal sealed record BpeModelOptions
{
    public string? UnkToken { get; init; }

    public bool FuseUnk { get; init; }

    public bool ByteFallback { get; init; }

    /// <summary>Llama-3 style: a pre-token that is itself in the vocabulary is one token, merges or not.</summary>
    public bool IgnoreMerges { get; init; }
}
