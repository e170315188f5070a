using System.Text;
using System.Text.Json;
using Wren.Runtime.Diagnostics;
using Wren.Runtime.Models.Architectures;

namespace Wren.Runtime.Formats.HuggingFace;

/// <summary>
/// Reads and writes Hugging Face <c>config.json</c> for Llama-family models, in both the transformers 4
/// spelling (<c>rope_theta</c> and <c>rope_scaling</c> at the top level) and the transformers 5 one
/// (<c>rope_parameters</c> holding theta and the scaling).
/// </summary>
public static class LlamaConfigJson
{
    public const string FileName = "config.json";

    /// <summary>Reads <c>config.json</c> from a model folder (or the file itself).</summary>
    public static LlamaConfig Load(string folderOrFile)
    {
        string path = Directory.Exists(folderOrFile) ? Path.Combine(folderOrFile, FileName) : folderOrFile;
        path = Path.GetFullPath(path);
        if (!File.Exists(path)) throw new WrenException($"model config not found: {path}");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses config JSON; <paramref name="source"/> names the file in error messages.</summary>
    public static LlamaConfig Parse(string json, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new WrenException($"{source}: not valid JSON ({e.Message})", e);
        }

        using (doc)
        {
            try
            {
                return ParseRoot(doc.RootElement, source);
            }
            catch (ArgumentException e)
            {
                throw new WrenException($"{source}: {e.Message}", e);
            }
        }
    }

    private static LlamaConfig ParseRoot(JsonElement root, string source)
    {
        {
            if (root.ValueKind != JsonValueKind.Object) throw new WrenException($"{source}: not a JSON object");
            var architecture = ReadArchitecture(root, source);
            bool gemma = architecture is ModelArchitecture.Gemma2 or ModelArchitecture.Gemma3;
            bool phi2 = architecture == ModelArchitecture.Phi2;

            int hidden = RequiredInt(root, "hidden_size", source);
            int heads = RequiredInt(root, "num_attention_heads", source);
            if (heads <= 0) throw new WrenException($"{source}: 'num_attention_heads' must be positive, got {heads}");
            if (gemma)
            {
                // Gemma names its activation hidden_activation (hidden_act is a legacy alias transformers overrides).
                string geluAct = OptionalString(root, "hidden_activation") ?? OptionalString(root, "hidden_act") ?? "gelu_pytorch_tanh";
                if (geluAct is not ("gelu_pytorch_tanh" or "gelu_tanh"))
                    throw new WrenException($"{source}: hidden_activation '{geluAct}' is not supported (Gemma models use 'gelu_pytorch_tanh')");
            }
            else if (phi2)
            {
                // transformers' PhiConfig: gelu_new (the tanh GELU); biases everywhere, LayerNorms (layer_norm_eps).
                string phiAct = OptionalString(root, "hidden_act") ?? "gelu_new";
                if (phiAct is not ("gelu_new" or "gelu_pytorch_tanh" or "gelu_fast"))
                    throw new WrenException($"{source}: hidden_act '{phiAct}' is not supported (Phi-2 uses 'gelu_new', the tanh GELU)");
                if (OptionalBool(root, "qk_layernorm") == true)
                    throw new WrenException($"{source}: 'qk_layernorm' is true; Wren (like llama.cpp's phi2) runs Phi models without LayerNorms over q and k");
                if (OptionalBool(root, "tie_word_embeddings") == true)
                    throw new WrenException($"{source}: 'tie_word_embeddings' is true; Phi-2's head is its own (llama.cpp's phi2 requires output.weight), Wren runs untied Phi models");
            }
            else
            {
                string act = OptionalString(root, "hidden_act") ?? "silu";
                if (act != "silu" && act != "swish")
                    throw new WrenException($"{source}: hidden_act '{act}' is not supported (Llama-family models use 'silu')");
            }

            // transformers 5 nests theta and scaling under rope_parameters; transformers 4 has rope_theta
            // at the top level and an optional rope_scaling object.
            JsonElement? ropeParameters = OptionalObject(root, "rope_parameters");
            // transformers 5 writes Gemma 3's as one object per layer type; the global layers' is the model's RoPE.
            JsonElement? slidingRope = ropeParameters is { } byType ? OptionalObject(byType, "sliding_attention") : null;
            if (ropeParameters is { } perType && OptionalObject(perType, "full_attention") is { } full) ropeParameters = full;
            JsonElement? ropeScaling = OptionalObject(root, "rope_scaling");
            double theta = (ropeParameters is { } rp ? OptionalDouble(rp, "rope_theta") : null) ?? OptionalDouble(root, "rope_theta") ?? 10000;
            var scaling = ReadRopeScaling(ropeScaling ?? ropeParameters, root, source);
            double partialRotary = (ropeParameters is { } pr ? OptionalDouble(pr, "partial_rotary_factor") : null) ?? OptionalDouble(root, "partial_rotary_factor") ?? (phi2 ? 0.5 : 1); // PhiConfig's default

            bool useSlidingWindow = architecture switch
            {
                ModelArchitecture.Mistral or ModelArchitecture.Phi3 => true,
                ModelArchitecture.Qwen2 or ModelArchitecture.Qwen3 => OptionalBool(root, "use_sliding_window") ?? false,
                _ => false,
            };
            int? window = useSlidingWindow ? OptionalInt(root, "sliding_window") : null;
            if (gemma) window = OptionalInt(root, "sliding_window") ?? 4096;
            int layerCount = RequiredInt(root, "num_hidden_layers", source);

            var config = new LlamaConfig
            {
                Architecture = architecture,
                HiddenSize = hidden,
                IntermediateSize = RequiredInt(root, "intermediate_size", source),
                NumHiddenLayers = RequiredInt(root, "num_hidden_layers", source),
                NumAttentionHeads = heads,
                NumKeyValueHeads = OptionalInt(root, "num_key_value_heads") ?? heads,
                HeadDim = OptionalInt(root, "head_dim") ?? (gemma ? 256 : hidden / heads),
                VocabSize = RequiredInt(root, "vocab_size", source),
                RmsNormEps = phi2 ? OptionalDouble(root, "layer_norm_eps") ?? 1e-5 : OptionalDouble(root, "rms_norm_eps") ?? 1e-6,
                RopeTheta = theta,
                RopeScaling = scaling,
                PartialRotaryFactor = partialRotary,
                MaxPositionEmbeddings = OptionalInt(root, "max_position_embeddings") ?? architecture switch
                {
                    ModelArchitecture.Llama => 2048,
                    ModelArchitecture.Gemma2 => 8192,
                    ModelArchitecture.Gemma3 => 131072,
                    _ => 32768,
                },
                TieWordEmbeddings = OptionalBool(root, "tie_word_embeddings") ?? gemma,
                AttentionBias = phi2 || (architecture != ModelArchitecture.Qwen2 && (OptionalBool(root, "attention_bias") ?? false)),
                QkvBias = architecture == ModelArchitecture.Qwen2,
                MlpBias = phi2 || (OptionalBool(root, "mlp_bias") ?? false),
                SlidingWindow = window,
                RopeLayers = architecture == ModelArchitecture.SmolLM3 ? ReadRopeLayers(root, RequiredInt(root, "num_hidden_layers", source)) : null,
                SlidingLayers = gemma ? ReadSlidingLayers(root, architecture, layerCount) : null,
                LocalRopeTheta = architecture == ModelArchitecture.Gemma3
                    ? (slidingRope is { } sr ? OptionalDouble(sr, "rope_theta") : null) ?? OptionalDouble(root, "rope_local_base_freq") ?? 10000
                    : null,
                QueryPreAttnScalar = gemma ? OptionalDouble(root, "query_pre_attn_scalar") ?? 256 : null,
                AttnLogitSoftcapping = gemma ? Softcap(root, "attn_logit_softcapping", architecture == ModelArchitecture.Gemma2 ? 50.0 : null) : null,
                FinalLogitSoftcapping = gemma ? Softcap(root, "final_logit_softcapping", architecture == ModelArchitecture.Gemma2 ? 30.0 : null) : null,
                BosTokenId = OptionalInt(root, "bos_token_id"),
                EosTokenIds = ReadIntOrList(root, "eos_token_id"),
            };
            config.Validate(source);
            return config;
        }
    }

    private static ModelArchitecture ReadArchitecture(JsonElement root, string source)
    {
        string? name = null;
        if (root.TryGetProperty("architectures", out var archs) && archs.ValueKind == JsonValueKind.Array && archs.GetArrayLength() > 0)
            name = archs[0].GetString();
        string? modelType = OptionalString(root, "model_type");
        if (name is null && modelType is null) throw new WrenException($"{source}: no 'architectures' or 'model_type'; cannot tell which model this is");
        var description = (name is null ? null : ModelArchitectures.FromHfArchitecture(name))
            ?? (name is null && modelType is not null ? ModelArchitectures.FromModelType(modelType) : null)
            ?? throw new WrenException($"{source}: architecture '{name ?? modelType}' is not supported (Wren runs {ModelArchitectures.SupportedHfNames})");
        return description.Architecture;
    }

    /// <summary>SmolLM3: <c>no_rope_layers</c> (1 = RoPE, 0 = NoPE per layer), or every <c>no_rope_layer_interval</c>-th layer (default 4) without RoPE.</summary>
    private static bool[] ReadRopeLayers(JsonElement root, int layers)
    {
        if (root.TryGetProperty("no_rope_layers", out var list) && list.ValueKind == JsonValueKind.Array)
            return list.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetInt32() != 0 : throw new ArgumentException($"'no_rope_layers' must hold 0 and 1, got {v.GetRawText()}")).ToArray();
        int interval = OptionalInt(root, "no_rope_layer_interval") ?? 4;
        if (interval <= 0) throw new ArgumentException($"'no_rope_layer_interval' must be positive, got {interval}");
        return Enumerable.Range(0, layers).Select(i => (i + 1) % interval != 0).ToArray();
    }

    /// <summary>
    /// Gemma's sliding layers: <c>layer_types</c> ("sliding_attention" / "full_attention") when given, else every
    /// <c>sliding_window_pattern</c>-th layer global (Gemma 3, default 6) or every other one (Gemma 2: even layers slide).
    /// </summary>
    private static bool[] ReadSlidingLayers(JsonElement root, ModelArchitecture architecture, int layers)
    {
        if (root.TryGetProperty("layer_types", out var types) && types.ValueKind == JsonValueKind.Array)
        {
            // A non-string entry falls to the error below rather than GetString's InvalidOperationException.
            return types.EnumerateArray().Select(v => (v.ValueKind == JsonValueKind.String ? v.GetString() : null) switch
            {
                "sliding_attention" => true,
                "full_attention" => false,
                _ => throw new ArgumentException($"'layer_types' holds {v.GetRawText()}; Wren knows 'sliding_attention' and 'full_attention'"),
            }).ToArray();
        }

        // Bounded before the array is made: Validate's range check on num_hidden_layers runs after parsing.
        if (layers is < 0 or > LlamaConfig.MaxCount) throw new ArgumentException($"'num_hidden_layers' must be in [0, {LlamaConfig.MaxCount}], got {layers}");
        int pattern = architecture == ModelArchitecture.Gemma2 ? 2 : OptionalInt(root, "sliding_window_pattern") ?? 6;
        if (pattern <= 0) throw new ArgumentException($"'sliding_window_pattern' must be positive, got {pattern}");
        return Enumerable.Range(0, layers).Select(i => (i + 1) % pattern != 0).ToArray();
    }

    /// <summary>A soft-capping value: absent gives the architecture's default, null (or 0) none.</summary>
    private static double? Softcap(JsonElement root, string name, double? fallback)
    {
        if (!root.TryGetProperty(name, out _)) return fallback;
        double? value = OptionalDouble(root, name);
        return value is > 0 ? value : null;
    }

    private static RopeScaling ReadRopeScaling(JsonElement? element, JsonElement root, string source)
    {
        if (element is not { } e) return RopeScaling.None;
        string type = OptionalString(e, "rope_type") ?? OptionalString(e, "type") ?? "default";
        switch (type)
        {
            case "default":
                return RopeScaling.None;
            case "linear":
                return new RopeScaling("linear", Factor: OptionalDouble(e, "factor") ?? throw new WrenException($"{source}: linear rope scaling needs 'factor'"));
            case "llama3":
                return new RopeScaling(
                    "llama3",
                    Factor: OptionalDouble(e, "factor") ?? throw new WrenException($"{source}: llama3 rope scaling needs 'factor'"),
                    LowFreqFactor: OptionalDouble(e, "low_freq_factor") ?? 1,
                    HighFreqFactor: OptionalDouble(e, "high_freq_factor") ?? 4,
                    OriginalMaxPositionEmbeddings: OptionalInt(e, "original_max_position_embeddings") ?? 8192);
            case "longrope" or "su":
                // Phi-3 keeps original_max_position_embeddings at the top level of config.json; transformers 5 also under rope_parameters.
                return new RopeScaling(
                    "longrope",
                    Factor: OptionalDouble(e, "factor") ?? 1,
                    OriginalMaxPositionEmbeddings: OptionalInt(e, "original_max_position_embeddings") ?? OptionalInt(root, "original_max_position_embeddings")
                        ?? throw new WrenException($"{source}: longrope scaling needs 'original_max_position_embeddings'"))
                {
                    ShortFactor = FloatList(e, "short_factor") ?? throw new WrenException($"{source}: longrope scaling needs 'short_factor'"),
                    LongFactor = FloatList(e, "long_factor") ?? throw new WrenException($"{source}: longrope scaling needs 'long_factor'"),
                    AttentionFactor = OptionalDouble(e, "attention_factor"),
                };
            default:
                throw new WrenException($"{source}: rope scaling type '{type}' is not supported (supported: default, linear, llama3, longrope)");
        }
    }

    /// <summary>Serializes a config in the transformers 5 spelling (also readable by transformers 4.x, which reads rope_theta).</summary>
    public static string ToJson(LlamaConfig config) => ToJson(config, HfConfigSpelling.Both, "float32");

    /// <summary>Serializes a config in the given spelling; <paramref name="torchDtype"/> ("float32", "float16", "bfloat16") names the weights' type.</summary>
    public static string ToJson(LlamaConfig config, HfConfigSpelling spelling, string torchDtype)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("architectures");
            w.WriteStringValue(config.ArchitectureName);
            w.WriteEndArray();
            w.WriteString("model_type", ModelArchitectures.Of(config.Architecture).ModelType);
            w.WriteNumber("hidden_size", config.HiddenSize);
            w.WriteNumber("intermediate_size", config.IntermediateSize);
            w.WriteNumber("num_hidden_layers", config.NumHiddenLayers);
            w.WriteNumber("num_attention_heads", config.NumAttentionHeads);
            w.WriteNumber("num_key_value_heads", config.NumKeyValueHeads);
            w.WriteNumber("head_dim", config.HeadDim);
            w.WriteNumber("vocab_size", config.VocabSize);
            bool phi2 = config.Architecture == ModelArchitecture.Phi2;
            w.WriteNumber(phi2 ? "layer_norm_eps" : "rms_norm_eps", config.RmsNormEps);
            w.WriteNumber("max_position_embeddings", config.MaxPositionEmbeddings);
            bool gemma = config.Architecture is ModelArchitecture.Gemma2 or ModelArchitecture.Gemma3;
            w.WriteString(gemma ? "hidden_activation" : "hidden_act", gemma ? "gelu_pytorch_tanh" : phi2 ? "gelu_new" : "silu");
            if (gemma) WriteGemma(w, config);
            w.WriteBoolean("tie_word_embeddings", config.TieWordEmbeddings);
            // PhiConfig has neither flag (its biases are fixed) but qk_layernorm, which Wren runs off.
            if (phi2) w.WriteBoolean("qk_layernorm", false);
            if (config.Architecture is not (ModelArchitecture.Qwen2 or ModelArchitecture.Phi2)) w.WriteBoolean("attention_bias", config.AttentionBias);
            if (!phi2) w.WriteBoolean("mlp_bias", config.MlpBias);
            if (config.SlidingWindow is { } window) w.WriteNumber("sliding_window", window);
            if (config.PartialRotaryFactor != 1 || phi2) w.WriteNumber("partial_rotary_factor", config.PartialRotaryFactor);
            if (config.RopeScaling.Type == "longrope") w.WriteNumber("original_max_position_embeddings", config.RopeScaling.OriginalMaxPositionEmbeddings);
            if (config.RopeLayers is { } ropeLayers)
            {
                w.WriteStartArray("no_rope_layers");
                foreach (bool rope in ropeLayers) w.WriteNumberValue(rope ? 1 : 0);
                w.WriteEndArray();
            }

            if (config.BosTokenId is { } bos) w.WriteNumber("bos_token_id", bos);
            if (config.EosTokenIds.Count == 1) w.WriteNumber("eos_token_id", config.EosTokenIds[0]);
            else if (config.EosTokenIds.Count > 1)
            {
                w.WriteStartArray("eos_token_id");
                foreach (int id in config.EosTokenIds) w.WriteNumberValue(id);
                w.WriteEndArray();
            }

            w.WriteNumber("rope_theta", config.RopeTheta);
            if (config.RopeScaling.Type == "factors")
                throw new WrenException("this model's RoPE scaling is a per-dimension factor table (a GGUF rope_freqs tensor), which config.json cannot express");
            if (spelling == HfConfigSpelling.Transformers4)
            {
                // transformers 4 keeps theta at the top level and rope_scaling null for plain RoPE.
                if (config.RopeScaling.Type == RopeScaling.None.Type)
                {
                    w.WriteNull("rope_scaling");
                }
                else
                {
                    w.WriteStartObject("rope_scaling");
                    WriteRopeScaling(w, config.RopeScaling);
                    w.WriteEndObject();
                }
            }
            else
            {
                w.WriteStartObject("rope_parameters");
                w.WriteNumber("rope_theta", config.RopeTheta);
                WriteRopeScaling(w, config.RopeScaling);
                w.WriteEndObject();
            }

            w.WriteString("torch_dtype", torchDtype);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Gemma's fields in transformers' spelling (layer_types as transformers 4.5x and 5 write them).</summary>
    private static void WriteGemma(Utf8JsonWriter w, LlamaConfig config)
    {
        if (config.QueryPreAttnScalar is { } scalar) w.WriteNumber("query_pre_attn_scalar", scalar);
        if (config.AttnLogitSoftcapping is { } attnCap) w.WriteNumber("attn_logit_softcapping", attnCap);
        else w.WriteNull("attn_logit_softcapping");
        if (config.FinalLogitSoftcapping is { } finalCap) w.WriteNumber("final_logit_softcapping", finalCap);
        else w.WriteNull("final_logit_softcapping");
        if (config.LocalRopeTheta is { } local) w.WriteNumber("rope_local_base_freq", local);
        if (config.SlidingLayers is { } sliding)
        {
            w.WriteStartArray("layer_types");
            foreach (bool s in sliding) w.WriteStringValue(s ? "sliding_attention" : "full_attention");
            w.WriteEndArray();
        }
    }

    private static void WriteRopeScaling(Utf8JsonWriter w, RopeScaling scaling)
    {
        w.WriteString("rope_type", scaling.Type);
        if (scaling.Type != RopeScaling.None.Type) w.WriteNumber("factor", scaling.Factor);
        if (scaling.Type == "llama3")
        {
            w.WriteNumber("low_freq_factor", scaling.LowFreqFactor);
            w.WriteNumber("high_freq_factor", scaling.HighFreqFactor);
            w.WriteNumber("original_max_position_embeddings", scaling.OriginalMaxPositionEmbeddings);
        }

        if (scaling.Type == "longrope")
        {
            w.WriteNumber("original_max_position_embeddings", scaling.OriginalMaxPositionEmbeddings);
            WriteFloats(w, "short_factor", scaling.ShortFactor!);
            WriteFloats(w, "long_factor", scaling.LongFactor!);
            if (scaling.AttentionFactor is { } attention) w.WriteNumber("attention_factor", attention);
        }
    }

    private static void WriteFloats(Utf8JsonWriter w, string name, float[] values)
    {
        w.WriteStartArray(name);
        foreach (float v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    private static float[]? FloatList(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Array) throw new ArgumentException($"'{name}' must be a list of numbers, got {v.GetRawText()}");
        return v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number ? x.GetSingle() : throw new ArgumentException($"'{name}' must hold numbers, got {x.GetRawText()}")).ToArray();
    }

    /// <summary>Writes <c>config.json</c> into a folder atomically.</summary>
    public static void Save(LlamaConfig config, string folder) => AtomicFile.WriteAllText(Path.Combine(folder, FileName), ToJson(config));

    private static int RequiredInt(JsonElement root, string name, string source) =>
        OptionalInt(root, name) ?? throw new WrenException($"{source}: '{name}' is missing");

    private static int? OptionalInt(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i)) return i;
        throw new ArgumentException($"'{name}' must be an integer, got {v.GetRawText()}");
    }

    private static double? OptionalDouble(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number) return v.GetDouble();
        throw new ArgumentException($"'{name}' must be a number, got {v.GetRawText()}");
    }

    private static bool? OptionalBool(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ArgumentException($"'{name}' must be true or false, got {v.GetRawText()}"),
        };
    }

    private static string? OptionalString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static JsonElement? OptionalObject(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    private static int[] ReadIntOrList(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v)) return [];
        if (v.ValueKind == JsonValueKind.Number) return [Int32(v, name)];
        if (v.ValueKind != JsonValueKind.Array) return [];
        var list = new List<int>();
        foreach (var x in v.EnumerateArray()) if (x.ValueKind == JsonValueKind.Number) list.Add(Int32(x, name));
        return [.. list];
    }

    private static int Int32(JsonElement v, string name) =>
        v.TryGetInt32(out int i) ? i : throw new ArgumentException($"'{name}' must hold 32-bit integers, got {v.GetRawText()}");
}
