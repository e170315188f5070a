namespace Wren.Training.Tokenization;

/// <summary>Which pre-tokenization regex a trained tokenizer splits text with.</summary>
public enum PreTokenizerRegex
{
    /// <summary>GPT-2's: letters, digits and punctuation runs, each with an optional leading space.</summary>
    Gpt2,

    /// <summary>Llama-3's (cl100k): case-insensitive contractions, digits in groups of up to three, newlines kept with punctuation.</summary>
    Llama3,
}
