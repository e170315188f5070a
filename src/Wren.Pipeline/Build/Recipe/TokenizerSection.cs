using YamlDotNet.Serialization;

namespace Wren.Pipeline.Build.Recipe;

/// <summary>The byte-level BPE tokenizer trained on the curated corpus (as <c>wren tokenizer train</c>).</summary>
public sealed record TokenizerSection
{
    /// <summary>Vocabulary size, special tokens and the 256 byte symbols included.</summary>
    [YamlMember(Description = @"tokens, specials and the 256 bytes included; ~4k suits a few MB of text, 32k+ for GBs")]
    public int VocabSize { get; init; } = 4096;

    [YamlMember(Description = @"never merge a pair seen fewer times")]
    public long MinFrequency { get; init; } = 2;

    /// <summary>gpt2 or llama3 pre-tokenizer split.</summary>
    [YamlMember(Description = @"pre-tokenizer: gpt2 or llama3")]
    public string Regex { get; init; } = "gpt2";
}
