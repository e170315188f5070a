using Wren.Training.Tokenization;

namespace Wren.Pipeline.Tokenization;

/// <summary>What <see cref="TokenizerTraining"/> needs: the corpus, the vocabulary and where the Hugging Face files go.</summary>
public sealed record TokenizerTrainingOptions
{
    /// <summary>Curated shards, folders of them, or .txt files.</summary>
    public required IReadOnlyList<string> Corpus { get; init; }

    public required string OutputDirectory { get; init; }

    /// <summary>Vocabulary size, special tokens and the 256 byte symbols included.</summary>
    public int VocabSize { get; init; } = 8192;

    public long MinFrequency { get; init; } = 2;

    public PreTokenizerRegex Regex { get; init; } = PreTokenizerRegex.Gpt2;

    /// <summary>Special tokens after the three Wren always has (&lt;|endoftext|&gt;, &lt;|im_start|&gt;, &lt;|im_end|&gt;).</summary>
    public IReadOnlyList<string> ExtraSpecialTokens { get; init; } = [];

    public int ModelMaxLength { get; init; } = 2048;
}
