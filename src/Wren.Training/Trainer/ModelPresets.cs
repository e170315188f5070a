using System.Text.Json;
using Wren.Runtime;
using Wren.Runtime.Formats.HuggingFace;

namespace Wren.Training.Trainer;

/// <summary>
/// Llama-architecture configs sized for a laptop (parameter counts at a 4,096-token vocabulary, tied embeddings):
/// tiny ≈ 1.3M (C 128, L 4), small ≈ 9M (C 288, L 8), base ≈ 28M (C 512, L 8).
/// </summary>
public static class ModelPresets
{
    public static IReadOnlyList<string> Names => ["tiny", "small", "base"];

    /// <summary>A preset by name, or a config.json path (file or folder).</summary>
    public static LlamaConfig Resolve(string nameOrPath, int vocabularySize, int maxPositions)
    {
        var config = nameOrPath.ToLowerInvariant() switch
        {
            "tiny" => Make(128, 4, 4, 4, 352, vocabularySize, maxPositions),
            "small" => Make(288, 8, 6, 6, 768, vocabularySize, maxPositions),
            "base" => Make(512, 8, 8, 8, 1408, vocabularySize, maxPositions),
            _ => File.Exists(nameOrPath) || Directory.Exists(nameOrPath)
                ? LlamaConfigJson.Load(nameOrPath)
                : throw new WrenException($"--model-config '{nameOrPath}' is neither a preset ({string.Join(", ", Names)}) nor a config.json"),
        };
        if (config.VocabSize < vocabularySize)
            throw new WrenException($"the model's vocab_size {config.VocabSize} is smaller than the data's vocabulary ({vocabularySize})");
        return config;
    }

    public static LlamaConfig Make(int hidden, int layers, int heads, int kvHeads, int intermediate, int vocabularySize, int maxPositions) => new()
    {
        Architecture = ModelArchitecture.Llama,
        HiddenSize = hidden,
        IntermediateSize = intermediate,
        NumHiddenLayers = layers,
        NumAttentionHeads = heads,
        NumKeyValueHeads = kvHeads,
        HeadDim = hidden / heads,
        VocabSize = vocabularySize,
        MaxPositionEmbeddings = maxPositions,
        RmsNormEps = 1e-5,
        RopeTheta = 10000,
        TieWordEmbeddings = true,
        BosTokenId = null,
    };

    /// <summary>Vocabulary size of an HF tokenizer.json: the largest id in the model vocabulary or the added tokens, plus one.</summary>
    public static int TokenizerVocabularySize(string tokenizerJson)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(tokenizerJson));
        int max = -1;
        var root = doc.RootElement;
        if (root.TryGetProperty("model", out var model) && model.TryGetProperty("vocab", out var vocab))
        {
            if (vocab.ValueKind == JsonValueKind.Object)
                foreach (var p in vocab.EnumerateObject()) max = Math.Max(max, p.Value.GetInt32());
            else if (vocab.ValueKind == JsonValueKind.Array)
                max = Math.Max(max, vocab.GetArrayLength() - 1);
        }

        if (root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
            foreach (var t in added.EnumerateArray()) max = Math.Max(max, t.GetProperty("id").GetInt32());
        if (max < 0) throw new WrenException($"{tokenizerJson}: no vocabulary found");
        return max + 1;
    }

    /// <summary>The id of a special token in tokenizer.json's added_tokens, or null.</summary>
    public static int? SpecialTokenId(string tokenizerJson, string content)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(tokenizerJson));
        if (doc.RootElement.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
            foreach (var t in added.EnumerateArray())
                if (t.GetProperty("content").GetString() == content) return t.GetProperty("id").GetInt32();
        return null;
    }
}
