using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Formats.Safetensors;
using Wren.Runtime.Kernels;
using Wren.Runtime.Models;
using Wren.Runtime.Tokenization;

namespace Wren.Export.HuggingFace;

/// <summary>
/// Writes a Hugging Face model folder that transformers 4.x and 5.x load with
/// <c>AutoModelForCausalLM.from_pretrained</c> and <c>AutoTokenizer.from_pretrained</c>: config.json in the
/// transformers 4 spelling, the weights as F32, F16 or BF16 safetensors (<c>__metadata__</c>
/// <c>{"format": "pt"}</c>, sharded with an index above <see cref="HfExportOptions.MaxShardBytes"/>),
/// generation_config.json and the tokenizer files. The source is any folder the runtime loads (a Wren
/// checkpoint, a merged model, an imported or downloaded one); its weights and tokenizer are checked
/// through the runtime before anything is written.
/// </summary>
public static class HfModelExporter
{
    public static HfExportResult Export(HfExportOptions options, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        string source = Path.GetFullPath(options.ModelDirectory);
        string output = Path.GetFullPath(options.OutputDirectory);
        if (!Directory.Exists(source)) throw new WrenException($"model folder not found: {source}");
        if (options.DType is not (SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16))
            throw new WrenException($"weights can be exported as F32, F16 or BF16, not {options.DType}");
        if (options.MaxShardBytes <= 0) throw new WrenException($"the maximum shard size must be positive, got {options.MaxShardBytes}");
        if (string.Equals(source.TrimEnd(Path.DirectorySeparatorChar), output.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
            throw new WrenException($"{output}: the output folder is the model folder itself; choose another --out");
        CheckOutput(output, options.Overwrite);

        LlamaConfig config = LlamaConfigJson.Load(source);
        string tokenizerPath = Path.Combine(source, HfTokenizerFiles.TokenizerJson);
        if (!File.Exists(tokenizerPath)) throw new WrenException($"{source}: has no {HfTokenizerFiles.TokenizerJson}; a transformers model folder needs its tokenizer");
        BpeTokenizer tokenizer = BpeTokenizer.Load(tokenizerPath);
        if (tokenizer.VocabularySize > config.VocabSize)
            throw new WrenException($"{tokenizerPath}: has token ids up to {tokenizer.VocabularySize - 1}, beyond the model's vocab_size {config.VocabSize} in config.json");

        // The runtime's binder checks every tensor name and shape against config.json (and refuses
        // strays), so an export never writes a folder that transformers would reject.
        using (LlamaModel.Load(source)) { }

        string temp = output + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);
        try
        {
            var files = new List<string>();
            (int tensorCount, int shardCount, long weightBytes) = WriteWeights(source, temp, config, options, files, progress, cancellationToken);
            WriteConfig(source, temp, config, options.DType);
            files.Add(LlamaConfigJson.FileName);
            WriteGenerationConfig(source, temp, config);
            files.Add(GenerationConfigJson.FileName);
            files.AddRange(HfTokenizerFiles.Write(source, temp, config, tokenizer));
            cancellationToken.ThrowIfCancellationRequested();
            ReplaceFolder(temp, output);
            files.Sort(StringComparer.Ordinal);
            return new HfExportResult
            {
                OutputDirectory = output,
                Architecture = config.ArchitectureName,
                ParameterCount = config.ParameterCount,
                DType = options.DType,
                TensorCount = tensorCount,
                ShardCount = shardCount,
                WeightBytes = weightBytes,
                Files = files,
                Elapsed = clock.Elapsed,
            };
        }
        catch
        {
            TryDeleteFolder(temp);
            throw;
        }
    }

    /// <summary>The torch dtype name for a safetensors dtype, as config.json's <c>torch_dtype</c> spells it.</summary>
    public static string TorchDTypeName(SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F32 => "float32",
        SafetensorsDType.F16 => "float16",
        SafetensorsDType.BF16 => "bfloat16",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "not a weight type"),
    };

    /// <summary>Parses f32/float32, f16/float16/fp16, bf16/bfloat16 (case-insensitive).</summary>
    public static SafetensorsDType ParseDType(string text) => text.Trim().ToLowerInvariant() switch
    {
        "f32" or "float32" or "fp32" => SafetensorsDType.F32,
        "f16" or "float16" or "fp16" or "half" => SafetensorsDType.F16,
        "bf16" or "bfloat16" => SafetensorsDType.BF16,
        _ => throw new WrenException($"dtype '{text}' is not one of f32, f16, bf16"),
    };

    private static (int Tensors, int Shards, long Bytes) WriteWeights(string source, string temp, LlamaConfig config, HfExportOptions options,
        List<string> files, IProgressSink? progress, CancellationToken cancellationToken)
    {
        using var checkpoint = SafetensorsCheckpoint.Open(source);
        int elementSize = SafetensorsDTypes.SizeOf(options.DType);
        var names = checkpoint.TensorNames
            .Where(n => !n.EndsWith("rotary_emb.inv_freq", StringComparison.Ordinal) && !(config.TieWordEmbeddings && n == "lm_head.weight"))
            .OrderBy(StateDictOrder)
            .ThenBy(n => n, StringComparer.Ordinal)
            .ToList();

        // Plan shards first so the file names can say "of 0000M", then fill one shard at a time:
        // memory holds at most one shard's converted tensors.
        var shards = new List<List<string>> { new() };
        long shardBytes = 0, totalBytes = 0;
        foreach (string name in names)
        {
            long bytes = checkpoint.GetInfo(name).ElementCount * elementSize;
            if (shardBytes > 0 && shardBytes + bytes > options.MaxShardBytes)
            {
                shards.Add([]);
                shardBytes = 0;
            }

            shards[^1].Add(name);
            shardBytes += bytes;
            totalBytes += bytes;
        }

        using IProgressTask? task = progress?.Begin("export weights", totalBytes, "B");
        var weightMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string> { ["format"] = "pt" };
        for (int s = 0; s < shards.Count; s++)
        {
            string fileName = shards.Count == 1
                ? SafetensorsCheckpoint.SingleFileName
                : string.Create(CultureInfo.InvariantCulture, $"model-{s + 1:D5}-of-{shards.Count:D5}.safetensors");
            var writer = new SafetensorsWriter();
            foreach (string name in shards[s])
            {
                cancellationToken.ThrowIfCancellationRequested();
                var info = checkpoint.GetInfo(name);
                byte[] data = Convert(checkpoint.FileOf(name), info, options.DType);
                writer.Add(name, options.DType, info.Shape, data);
                weightMap[name] = fileName;
                task?.Increment(data.Length);
            }

            writer.Save(Path.Combine(temp, fileName), metadata);
            files.Add(fileName);
        }

        if (shards.Count > 1)
        {
            var index = new JsonObject
            {
                ["metadata"] = new JsonObject { ["total_size"] = totalBytes },
                ["weight_map"] = new JsonObject(weightMap.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
            };
            AtomicFile.WriteAllText(Path.Combine(temp, SafetensorsCheckpoint.IndexFileName), index.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            files.Add(SafetensorsCheckpoint.IndexFileName);
        }

        return (names.Count, shards.Count, totalBytes);
    }

    /// <summary>The tensor's bytes in the target type: copied when the types agree, else widened to float32 and rounded to nearest even.</summary>
    internal static byte[] Convert(SafetensorsFile file, SafetensorsTensorInfo info, SafetensorsDType target)
    {
        if (info.DType == target) return file.GetBytes(info).ToArray();
        float[] values = file.ReadAsSingle(info.Name);
        switch (target)
        {
            case SafetensorsDType.F32:
                return MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
            case SafetensorsDType.F16:
            case SafetensorsDType.BF16:
                var bytes = new byte[values.Length * 2];
                var halves = MemoryMarshal.Cast<byte, ushort>(bytes.AsSpan());
                if (target == SafetensorsDType.F16)
                {
                    for (int i = 0; i < values.Length; i++) halves[i] = HalfConversion.SingleToF16(values[i]);
                }
                else
                {
                    for (int i = 0; i < values.Length; i++) halves[i] = HalfConversion.SingleToBF16(values[i]);
                }

                return bytes;
            default:
                throw new ArgumentOutOfRangeException(nameof(target), target, "not a weight type");
        }
    }

    /// <summary>The order of a PyTorch state_dict: embeddings, layers by number, final norm, head.</summary>
    private static long StateDictOrder(string name)
    {
        if (name.StartsWith("model.embed_tokens.", StringComparison.Ordinal)) return -1;
        const string layers = "model.layers.";
        if (name.StartsWith(layers, StringComparison.Ordinal))
        {
            int end = name.IndexOf('.', layers.Length);
            if (end > layers.Length && int.TryParse(name.AsSpan(layers.Length, end - layers.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int layer)) return layer;
        }

        return name.StartsWith("lm_head.", StringComparison.Ordinal) ? long.MaxValue : long.MaxValue - 1;
    }

    /// <summary>
    /// config.json in the transformers 4 spelling from the runtime's parse of the source, plus every key of
    /// the source that the parse does not own (initializer_range, pad_token_id, use_cache, ...), minus the
    /// transformers 5 spellings that would contradict it.
    /// </summary>
    private static void WriteConfig(string source, string temp, LlamaConfig config, SafetensorsDType dtype)
    {
        var result = (JsonObject)JsonNode.Parse(LlamaConfigJson.ToJson(config, HfConfigSpelling.Transformers4, TorchDTypeName(dtype)))!;
        if (JsonNode.Parse(File.ReadAllText(Path.Combine(source, LlamaConfigJson.FileName)),
                documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }) is JsonObject original)
        {
            foreach (var (key, value) in original)
            {
                if (result.ContainsKey(key) || key is "rope_parameters" or "dtype" or "transformers_version") continue;
                result[key] = value?.DeepClone();
            }
        }

        result["transformers_version"] = GenerationConfigJson.TransformersVersion;
        AtomicFile.WriteAllText(Path.Combine(temp, LlamaConfigJson.FileName), result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The source's generation_config.json (its sampling defaults are the author's choice) or one made from the config.</summary>
    private static void WriteGenerationConfig(string source, string temp, LlamaConfig config)
    {
        string path = Path.Combine(source, GenerationConfigJson.FileName);
        if (File.Exists(path) && JsonNode.Parse(File.ReadAllText(path)) is JsonObject generation)
        {
            generation["transformers_version"] = GenerationConfigJson.TransformersVersion;
            AtomicFile.WriteAllText(Path.Combine(temp, GenerationConfigJson.FileName), generation.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        else
        {
            GenerationConfigJson.Save(config, temp);
        }
    }

    private static void CheckOutput(string output, bool overwrite)
    {
        if (File.Exists(output)) throw new WrenException($"{output}: is a file; --out must be a folder");
        if (!Directory.Exists(output) || !Directory.EnumerateFileSystemEntries(output).Any()) return;
        if (!File.Exists(Path.Combine(output, LlamaConfigJson.FileName)))
            throw new WrenException($"{output}: exists and is not a model folder; refusing to replace it (choose an empty or new --out)");
        if (!overwrite) throw new WrenException($"{output}: already holds a model; choose another --out");
    }

    private static void ReplaceFolder(string temp, string output)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        string old = output + ".old-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        if (Directory.Exists(output)) Directory.Move(output, old);
        Directory.Move(temp, output);
        TryDeleteFolder(old);
    }

    private static void TryDeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
