namespace Wren.Pipeline.Build.Recipe;

/// <summary>The byte-level BPE tokenizer trained on the curated corpus (as <c>wren tokenizer train</c>).</summary>
public sealed record TokenizerSection
{
    /// <summary>Vocabulary size, special tokens and the 256 byte symbols included.</summary>
    public int VocabSize { get; init; } = 4096;

    public long MinFrequency { get; init; } = 2;

    /// <summary>gpt2 or llama3 pre-tokenizer split.</summary>
    public string Regex { get; init; } = "gpt2";
}
