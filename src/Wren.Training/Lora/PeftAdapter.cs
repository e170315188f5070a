using System.Text.Json;
using System.Text.Json.Nodes;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Formats.Safetensors;
using Wren.Training.Checkpoints;
using Wren.Training.Model;

namespace Wren.Training.Lora;

/// <summary>
/// LoRA adapters in PEFT's on-disk layout: <c>adapter_config.json</c> and <c>adapter_model.safetensors</c> with
/// tensors named <c>base_model.model.model.layers.N.self_attn.q_proj.lora_A.weight</c> [r, in] and
/// <c>...lora_B.weight</c> [out, r]; and merging them into a full model folder (W += alpha/r B A), as
/// PEFT's <c>merge_and_unload</c> does.
/// </summary>
public static class PeftAdapter
{
    public const string ConfigFileName = "adapter_config.json";
    public const string WeightsFileName = "adapter_model.safetensors";
    public const string TensorPrefix = "base_model.model.";

    /// <summary>Writes the model's adapters as a PEFT folder.</summary>
    public static void Save(LlamaTrainingModel model, string folder, string baseModelPath)
    {
        var settings = model.LoraSettings ?? throw new InvalidOperationException("the model has no LoRA adapters");
        Directory.CreateDirectory(folder);
        var config = new JsonObject
        {
            ["peft_type"] = "LORA",
            ["task_type"] = "CAUSAL_LM",
            ["base_model_name_or_path"] = baseModelPath,
            ["r"] = settings.Rank,
            ["lora_alpha"] = settings.Alpha,
            ["lora_dropout"] = 0.0,
            // The modules adapted, not the targets asked for: q_proj on Phi-3 adapts its fused qkv_proj, which PEFT must be told.
            ["target_modules"] = new JsonArray(AdaptedModules(model).Select(t => (JsonNode)JsonValue.Create(t)!).ToArray()),
            ["bias"] = "none",
            ["fan_in_fan_out"] = false,
            ["inference_mode"] = true,
            ["init_lora_weights"] = true,
            ["modules_to_save"] = null,
            ["use_rslora"] = false,
            ["use_dora"] = false,
            ["layers_to_transform"] = null,
            ["layers_pattern"] = null,
            ["rank_pattern"] = new JsonObject(),
            ["alpha_pattern"] = new JsonObject(),
            ["revision"] = null,
        };
        AtomicFile.WriteAllText(Path.Combine(folder, ConfigFileName), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        CheckpointStore.WriteParameters(model.Adapters!, Path.Combine(folder, WeightsFileName), TensorPrefix);
    }

    /// <summary>The module names (<c>qkv_proj</c>) that have adapters, in parameter order.</summary>
    private static IEnumerable<string> AdaptedModules(LlamaTrainingModel model) => model.Adapters!.Tensors
        .Select(t => t.Name[..t.Name.LastIndexOf(".lora_", StringComparison.Ordinal)])
        .Select(module => module[(module.LastIndexOf('.') + 1)..])
        .Distinct(StringComparer.Ordinal);

    /// <summary>Reads rank, alpha and targets from adapter_config.json.</summary>
    public static LoraSettings ReadSettings(string folder)
    {
        string path = Path.Combine(folder, ConfigFileName);
        if (!File.Exists(path)) throw new WrenException($"{folder}: {ConfigFileName} is missing (not a PEFT adapter folder)");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        if (root.TryGetProperty("peft_type", out var type) && type.GetString() != "LORA") throw new WrenException($"{path}: peft_type '{type.GetString()}' is not LORA");
        if (root.TryGetProperty("use_dora", out var dora) && dora.ValueKind == JsonValueKind.True) throw new WrenException($"{path}: DoRA adapters are not supported");
        int rank = root.TryGetProperty("r", out var r) ? r.GetInt32() : throw new WrenException($"{path}: 'r' is missing");
        double alpha = root.TryGetProperty("lora_alpha", out var a) ? a.GetDouble() : rank;
        bool rslora = root.TryGetProperty("use_rslora", out var rs) && rs.ValueKind == JsonValueKind.True;
        if (rslora) throw new WrenException($"{path}: rsLoRA scaling is not supported");
        var targets = new List<string>();
        if (root.TryGetProperty("target_modules", out var tm) && tm.ValueKind == JsonValueKind.Array)
            foreach (var t in tm.EnumerateArray()) targets.Add(t.GetString()!);
        var settings = new LoraSettings { Rank = rank, Alpha = alpha, Targets = targets };
        settings.Validate();
        return settings;
    }

    /// <summary>Folds a PEFT adapter into the base model and writes a full HF folder (config, weights, generation config, tokenizer files).</summary>
    public static void Merge(string baseFolder, string adapterFolder, string outputFolder)
    {
        var config = LlamaConfigJson.Load(baseFolder);
        var settings = ReadSettings(adapterFolder);
        var parameters = new ParameterSet(LlamaTrainingModel.ParameterSpecs(config));
        using (var checkpoint = SafetensorsCheckpoint.Open(baseFolder))
        {
            foreach (var t in parameters.Tensors)
            {
                if (!checkpoint.Contains(t.Name)) throw new WrenException($"{baseFolder}: tensor '{t.Name}' is missing");
                LlamaTrainingModel.LoadTensor(checkpoint.FileOf(t.Name), t, parameters.Values.Span, baseFolder);
            }
        }

        using (var adapter = SafetensorsFile.Open(Path.Combine(adapterFolder, WeightsFileName)))
        {
            float scaling = settings.Scaling;
            foreach (var (name, shape, _) in LlamaTrainingModel.LoraSpecs(config, settings))
            {
                if (!name.EndsWith(".lora_A.weight", StringComparison.Ordinal)) continue;
                string module = name[..^".lora_A.weight".Length];
                string aName = TensorPrefix + name, bName = TensorPrefix + module + ".lora_B.weight";
                if (!adapter.Tensors.ContainsKey(aName)) throw new WrenException($"{adapterFolder}: adapter tensor '{aName}' is missing");
                if (!adapter.Tensors.ContainsKey(bName)) throw new WrenException($"{adapterFolder}: adapter tensor '{bName}' is missing");
                var a = adapter.ReadAsSingle(aName);
                var b = adapter.ReadAsSingle(bName);
                var w = parameters.Value(module + ".weight").Span;
                int rank = shape[0], input = shape[1], output = w.Length / input;
                if (a.Length != rank * input || b.Length != output * rank) throw new WrenException($"{adapterFolder}: '{module}' adapter shapes do not fit the base weight [{output}, {input}]");
                for (int o = 0; o < output; o++)
                {
                    for (int i = 0; i < input; i++)
                    {
                        float sum = 0;
                        for (int k = 0; k < rank; k++) sum += b[o * rank + k] * a[k * input + i];
                        w[o * input + i] += scaling * sum;
                    }
                }
            }
        }

        Directory.CreateDirectory(outputFolder);
        LlamaConfigJson.Save(config, outputFolder);
        GenerationConfigJson.Save(config, outputFolder);
        CheckpointStore.WriteParameters(parameters, Path.Combine(outputFolder, SafetensorsCheckpoint.SingleFileName), prefix: "");
        foreach (var name in new[] { "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "chat_template.jinja" })
        {
            string source = Path.Combine(baseFolder, name);
            if (File.Exists(source)) File.Copy(source, Path.Combine(outputFolder, name), overwrite: true);
        }
    }
}
