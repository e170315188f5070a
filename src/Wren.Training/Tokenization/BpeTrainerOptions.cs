namespace Wren.Training.Tokenization;

/// <summary>Settings for <see cref="BpeTrainer"/>; the defaults train a GPT-2-style byte-level tokenizer.</summary>
public sealed record BpeTrainerOptions
{
    /// <summary>Size of the final vocabulary, special tokens and the 256 byte symbols included.</summary>
    public int VocabSize { get; init; } = 8192;

    /// <summary>A pair seen fewer times than this is never merged.</summary>
    public long MinFrequency { get; init; }

    /// <summary>Special tokens, given the first ids in this order.</summary>
    public IReadOnlyList<string> SpecialTokens { get; init; } = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"];

    public PreTokenizerRegex Regex { get; init; } = PreTokenizerRegex.Gpt2;

    /// <summary>
    /// Start from all 256 byte symbols (so any text encodes) rather than only those seen in the corpus.
    /// Hugging Face's ByteLevelBPETokenizer does the former; a bare BpeTrainer the latter.
    /// </summary>
    public bool FullByteAlphabet { get; init; } = true;

    /// <summary>Worker threads for counting words; 0 means one per core.</summary>
    public int Threads { get; init; }
}
