using Wren.Runtime.Formats.Gguf;

namespace Wren.Export.Gguf;

/// <summary>
/// A tokenizer as llama.cpp reads it from GGUF: byte-level BPE (<c>tokenizer.ggml.model</c> = "gpt2": the tokens by
/// id, their types, the merges in rank order, the pre-tokenizer name) or SentencePiece ("llama": the tokens, their
/// scores and types, whether a space is prefixed), with the special ids and the chat template.
/// </summary>
internal sealed record GgufTokenizerData
{
    /// <summary>llama.cpp's token types (llama_token_type / gguf TokenType).</summary>
    public const int Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6;

    public required string[] Tokens { get; init; }
    public required int[] TokenTypes { get; init; }
    public required string[] Merges { get; init; }

    /// <summary>The pre-tokenizer name llama.cpp knows (e.g. "gpt-2", "qwen2", "llama-bpe"); null for SentencePiece.</summary>
    public required string? Pre { get; init; }

    /// <summary>SentencePiece scores by id (higher merges first); null for byte-level BPE, which ranks merges instead.</summary>
    public float[]? Scores { get; init; }

    /// <summary>SentencePiece: whether "▁" is put before the text (<c>tokenizer.ggml.add_space_prefix</c>).</summary>
    public bool AddSpacePrefix { get; init; }

    public int? BosId { get; init; }
    public int? EosId { get; init; }
    public int? PadId { get; init; }
    public int? UnkId { get; init; }
    public bool AddBos { get; init; }
    public bool AddEos { get; init; }
    public string? ChatTemplate { get; init; }

    public void AddTo(GgufWriter writer)
    {
        if (Scores is { } scores)
        {
            writer.Add("tokenizer.ggml.model", GgufValue.Of("llama"));
            writer.Add("tokenizer.ggml.tokens", GgufValue.Of(Tokens));
            writer.Add("tokenizer.ggml.scores", GgufValue.Of(scores));
            writer.Add("tokenizer.ggml.token_type", GgufValue.Of(TokenTypes));
            writer.Add("tokenizer.ggml.add_space_prefix", GgufValue.Of(AddSpacePrefix));
        }
        else
        {
            writer.Add("tokenizer.ggml.model", GgufValue.Of("gpt2"));
            writer.Add("tokenizer.ggml.pre", GgufValue.Of(Pre ?? throw new InvalidOperationException("a byte-level BPE tokenizer needs its pre-tokenizer name")));
            writer.Add("tokenizer.ggml.tokens", GgufValue.Of(Tokens));
            writer.Add("tokenizer.ggml.token_type", GgufValue.Of(TokenTypes));
            writer.Add("tokenizer.ggml.merges", GgufValue.Of(Merges));
        }

        if (BosId is { } bos) writer.Add("tokenizer.ggml.bos_token_id", GgufValue.Of((uint)bos));
        if (EosId is { } eos) writer.Add("tokenizer.ggml.eos_token_id", GgufValue.Of((uint)eos));
        if (UnkId is { } unk) writer.Add("tokenizer.ggml.unknown_token_id", GgufValue.Of((uint)unk));
        if (PadId is { } pad) writer.Add("tokenizer.ggml.padding_token_id", GgufValue.Of((uint)pad));
        writer.Add("tokenizer.ggml.add_bos_token", GgufValue.Of(AddBos));
        writer.Add("tokenizer.ggml.add_eos_token", GgufValue.Of(AddEos));
        if (!string.IsNullOrEmpty(ChatTemplate)) writer.Add("tokenizer.chat_template", GgufValue.Of(ChatTemplate));
    }
}
