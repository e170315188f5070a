namespace Wren.Runtime.Tokenization;

/// <summary>Which hand-written scanner matches a pre-tokenizer regex (<see cref="PreTokenizerScanner"/>).</summary>
internal enum ScannerKind
{
    None,
    Gpt2,
    Llama3,
    Qwen2,
}
