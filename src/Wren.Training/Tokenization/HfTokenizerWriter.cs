using System.Text.Encodings.Web;
using System.Text.Json;
using Wren.Runtime.Diagnostics;
using Wren.Runtime.Tokenization;

namespace Wren.Training.Tokenization;

/// <summary>
/// Writes a trained tokenizer as Hugging Face does: <c>tokenizer.json</c> (the <c>tokenizers</c>
/// schema: added_tokens, ByteLevel or Split+ByteLevel pre-tokenizer, ByteLevel post-processor and
/// decoder, BPE model with merges as pairs), <c>tokenizer_config.json</c> (special tokens, a ChatML
/// chat template when the chat tokens exist, <c>model_max_length</c>), and GPT-2's
/// <c>vocab.json</c> + <c>merges.txt</c> for tools that read those. Each file is written atomically.
/// </summary>
public static class HfTokenizerWriter
{
    /// <summary>ChatML, the template of SmolLM2 and Qwen2 (and of the reference fixtures).</summary>
    public const string ChatMlTemplate =
        "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TrainedBpe trained, string directory, int modelMaxLength = 2048)
    {
        Directory.CreateDirectory(directory);
        AtomicFile.Write(Path.Combine(directory, "tokenizer.json"), s => WriteTokenizerJson(trained, s));
        AtomicFile.Write(Path.Combine(directory, "tokenizer_config.json"), s => WriteTokenizerConfig(trained, s, modelMaxLength));
        AtomicFile.Write(Path.Combine(directory, "vocab.json"), s => WriteVocabJson(trained, s));
        AtomicFile.Write(Path.Combine(directory, "merges.txt"), s => WriteMergesTxt(trained, s));
    }

    public static void WriteTokenizerJson(TrainedBpe trained, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, WriterOptions);
        w.WriteStartObject();
        w.WriteString("version", "1.0");
        w.WriteNull("truncation");
        w.WriteNull("padding");
        w.WriteStartArray("added_tokens");
        for (int i = 0; i < trained.SpecialTokens.Count; i++)
        {
            w.WriteStartObject();
            w.WriteNumber("id", IdOf(trained, trained.SpecialTokens[i]));
            w.WriteString("content", trained.SpecialTokens[i]);
            w.WriteBoolean("single_word", false);
            w.WriteBoolean("lstrip", false);
            w.WriteBoolean("rstrip", false);
            w.WriteBoolean("normalized", false);
            w.WriteBoolean("special", true);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNull("normalizer");
        w.WritePropertyName("pre_tokenizer");
        if (trained.Regex == PreTokenizerRegex.Llama3)
        {
            w.WriteStartObject();
            w.WriteString("type", "Sequence");
            w.WriteStartArray("pretokenizers");
            w.WriteStartObject();
            w.WriteString("type", "Split");
            w.WriteStartObject("pattern");
            w.WriteString("Regex", PreTokenizerScanner.Llama3Pattern);
            w.WriteEndObject();
            w.WriteString("behavior", "Isolated");
            w.WriteBoolean("invert", false);
            w.WriteEndObject();
            WriteByteLevel(w, addPrefixSpace: false, trimOffsets: true, useRegex: false);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        else
        {
            WriteByteLevel(w, addPrefixSpace: false, trimOffsets: true, useRegex: true);
        }
        w.WritePropertyName("post_processor");
        WriteByteLevel(w, addPrefixSpace: true, trimOffsets: false, useRegex: true);
        w.WritePropertyName("decoder");
        WriteByteLevel(w, addPrefixSpace: true, trimOffsets: true, useRegex: true);
        w.WriteStartObject("model");
        w.WriteString("type", "BPE");
        w.WriteNull("dropout");
        w.WriteNull("unk_token");
        w.WriteNull("continuing_subword_prefix");
        w.WriteNull("end_of_word_suffix");
        w.WriteBoolean("fuse_unk", false);
        w.WriteBoolean("byte_fallback", false);
        w.WriteBoolean("ignore_merges", false);
        w.WriteStartObject("vocab");
        for (int id = 0; id < trained.Tokens.Count; id++)
        {
            w.WriteNumber(trained.Tokens[id], id);
        }
        w.WriteEndObject();
        w.WriteStartArray("merges");
        foreach (var (left, right) in trained.Merges)
        {
            w.WriteStartArray();
            w.WriteStringValue(left);
            w.WriteStringValue(right);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void WriteTokenizerConfig(TrainedBpe trained, Stream stream, int modelMaxLength)
    {
        using var w = new Utf8JsonWriter(stream, WriterOptions);
        w.WriteStartObject();
        w.WriteBoolean("add_prefix_space", false);
        w.WriteStartObject("added_tokens_decoder");
        foreach (string special in trained.SpecialTokens)
        {
            w.WriteStartObject(IdOf(trained, special).ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("content", special);
            w.WriteBoolean("lstrip", false);
            w.WriteBoolean("normalized", false);
            w.WriteBoolean("rstrip", false);
            w.WriteBoolean("single_word", false);
            w.WriteBoolean("special", true);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        string? eos = trained.SpecialTokens.Contains("<|endoftext|>") ? "<|endoftext|>" : trained.SpecialTokens.FirstOrDefault();
        bool chat = trained.SpecialTokens.Contains("<|im_start|>") && trained.SpecialTokens.Contains("<|im_end|>");
        w.WriteNull("bos_token");
        if (chat)
        {
            w.WriteString("chat_template", ChatMlTemplate);
        }
        w.WriteBoolean("clean_up_tokenization_spaces", false);
        WriteStringOrNull(w, "eos_token", eos);
        w.WriteNumber("model_max_length", modelMaxLength);
        WriteStringOrNull(w, "pad_token", eos);
        w.WriteString("tokenizer_class", "PreTrainedTokenizerFast");
        w.WriteNull("unk_token");
        w.WriteEndObject();
    }

    public static void WriteVocabJson(TrainedBpe trained, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        for (int id = 0; id < trained.Tokens.Count; id++)
        {
            w.WriteNumber(trained.Tokens[id], id);
        }
        w.WriteEndObject();
    }

    public static void WriteMergesTxt(TrainedBpe trained, Stream stream)
    {
        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine("#version: 0.2");
        foreach (var (left, right) in trained.Merges)
        {
            writer.Write(left);
            writer.Write(' ');
            writer.WriteLine(right);
        }
    }

    private static int IdOf(TrainedBpe trained, string token)
    {
        for (int i = 0; i < trained.Tokens.Count; i++)
        {
            if (trained.Tokens[i] == token)
            {
                return i;
            }
        }
        throw new InvalidOperationException($"special token {token} missing from the vocabulary");
    }

    private static void WriteStringOrNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteByteLevel(Utf8JsonWriter w, bool addPrefixSpace, bool trimOffsets, bool useRegex)
    {
        w.WriteStartObject();
        w.WriteString("type", "ByteLevel");
        w.WriteBoolean("add_prefix_space", addPrefixSpace);
        w.WriteBoolean("trim_offsets", trimOffsets);
        w.WriteBoolean("use_regex", useRegex);
        w.WriteEndObject();
    }
}
