using System.Text.Json;
using Wren.Runtime.Formats.Safetensors;
using Wren.Runtime.Models.Architectures;
using Wren.Runtime.Tensors;

namespace Wren.Runtime.Models;

/// <summary>
/// A PEFT LoRA adapter (<c>adapter_config.json</c> + <c>adapter_model.safetensors</c>) as PEFT's
/// <c>save_pretrained</c> writes it: for each target module, A [r, in] and B [out, r]; the adapted layer
/// computes W x + scaling B A x with scaling = lora_alpha / r (lora_alpha / sqrt(r) with rsLoRA).
/// </summary>
public sealed class LoraAdapter : IDisposable
{
    private const string Prefix = "base_model.model.";
    private readonly SafetensorsFile _file;

    private LoraAdapter(string folder, SafetensorsFile file, int rank, double alpha, bool rsLora)
    {
        Folder = folder;
        _file = file;
        Rank = rank;
        Alpha = alpha;
        Scaling = rsLora ? alpha / Math.Sqrt(rank) : alpha / rank;
    }

    public string Folder { get; }

    public int Rank { get; }

    public double Alpha { get; }

    /// <summary>The factor applied to B A.</summary>
    public double Scaling { get; }

    public static LoraAdapter Load(string folder)
    {
        string full = Path.GetFullPath(folder);
        string configPath = Path.Combine(full, "adapter_config.json");
        if (!File.Exists(configPath)) throw new WrenException($"LoRA adapter config not found: {configPath}");
        int rank;
        double alpha;
        bool rsLora;
        using (var doc = JsonDocument.Parse(File.ReadAllBytes(configPath)))
        {
            var root = doc.RootElement;
            string type = root.TryGetProperty("peft_type", out var t) ? t.GetString() ?? "" : "LORA";
            if (type != "LORA") throw new WrenException($"{configPath}: peft_type '{type}' is not supported (only LORA)");
            if (!root.TryGetProperty("r", out var r) || !r.TryGetInt32(out rank) || rank <= 0) throw new WrenException($"{configPath}: 'r' must be a positive integer");
            alpha = root.TryGetProperty("lora_alpha", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetDouble() : 8;
            rsLora = root.TryGetProperty("use_rslora", out var rs) && rs.ValueKind == JsonValueKind.True;
            if (root.TryGetProperty("use_dora", out var dora) && dora.ValueKind == JsonValueKind.True)
                throw new WrenException($"{configPath}: DoRA adapters are not supported");
            if (root.TryGetProperty("fan_in_fan_out", out var fifo) && fifo.ValueKind == JsonValueKind.True)
                throw new WrenException($"{configPath}: fan_in_fan_out adapters (GPT-2 Conv1D) do not apply to Llama-family models");
            foreach (string pattern in new[] { "rank_pattern", "alpha_pattern" })
            {
                if (root.TryGetProperty(pattern, out var p) && p.ValueKind == JsonValueKind.Object && p.EnumerateObject().Any())
                    throw new WrenException($"{configPath}: per-module '{pattern}' is not supported");
            }
        }

        string weightsPath = Path.Combine(full, "adapter_model.safetensors");
        var file = SafetensorsFile.Open(weightsPath);
        return new LoraAdapter(full, file, rank, alpha, rsLora);
    }

    /// <summary>
    /// Returns weights with W + scaling B A for every adapted module (merged matrices are float32 buffers
    /// added to <paramref name="owned"/>); errors name adapter tensors that match no module or the wrong shape.
    /// </summary>
    public LlamaWeights MergeInto(LlamaWeights weights, Formats.HuggingFace.LlamaConfig config, List<IDisposable> owned)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var layers = weights.Layers.ToArray();
        foreach (var d in ModelArchitectures.Of(config.Architecture).Tensors)
        {
            if (!d.IsLayerLinear) continue;
            for (int i = 0; i < layers.Length; i++)
            {
                // A fused projection's adapter (PEFT on Phi-3's qkv_proj: A [r, C], B [q + 2kv, r]) merges into each
                // part's rows: part p gets scaling B[its rows] A.
                var parts = WeightBinder.PartsOf(config, d.Role);
                int rows = parts.Sum(p => WeightBinder.LinearOf(layers[i], p.Role).OutFeatures);
                if (Read(d.ModuleOf(i), rows, WeightBinder.LinearOf(layers[i], parts[0].Role).InFeatures, used) is not var (a, b)) continue;
                foreach (var (role, firstRow) in parts)
                    layers[i] = WeightBinder.WithLinear(layers[i], role, Merge(WeightBinder.LinearOf(layers[i], role), a, b, firstRow, owned));
            }
        }

        foreach (var name in _file.Tensors.Keys)
        {
            if (!used.Contains(name))
                throw new WrenException($"{_file.Path}: adapter tensor '{name}' matches no linear layer of this {config.ArchitectureName} model");
        }

        return weights with { Layers = layers };
    }

    /// <summary>A module's lora_A and lora_B (checked against [r, cols] and [rows, r]), or null when the adapter has neither.</summary>
    private (float[] A, float[] B)? Read(string module, int rows, int cols, HashSet<string> used)
    {
        string aName = Prefix + module + ".lora_A.weight", bName = Prefix + module + ".lora_B.weight";
        bool hasA = _file.Tensors.ContainsKey(aName), hasB = _file.Tensors.ContainsKey(bName);
        if (!hasA && !hasB) return null;
        if (hasA != hasB) throw new WrenException($"{_file.Path}: module '{module}' has only one of lora_A and lora_B");
        var aInfo = _file.GetInfo(aName);
        var bInfo = _file.GetInfo(bName);
        if (aInfo.Shape.Length != 2 || aInfo.Shape[0] != Rank || aInfo.Shape[1] != cols)
            throw new WrenException($"{_file.Path}: tensor '{aName}' has shape {aInfo.ShapeText}, expected [{Rank}, {cols}]");
        if (bInfo.Shape.Length != 2 || bInfo.Shape[0] != rows || bInfo.Shape[1] != Rank)
            throw new WrenException($"{_file.Path}: tensor '{bName}' has shape {bInfo.ShapeText}, expected [{rows}, {Rank}]");
        used.Add(aName);
        used.Add(bName);
        return (_file.ReadAsSingle(aName), _file.ReadAsSingle(bName));
    }

    /// <summary>W + scaling B[firstRow..] A as a new float32 matrix (B's rows from <paramref name="firstRow"/> on, one per row of W).</summary>
    private unsafe LinearLayer Merge(LinearLayer layer, float[] a, float[] b, int firstRow, List<IDisposable> owned)
    {
        int rows = layer.OutFeatures, cols = layer.InFeatures;
        var buffer = NativeBuffer.ForSingles((long)rows * cols);
        owned.Add(buffer);
        float scaling = (float)Scaling;
        var scaledB = new float[Rank];
        for (int o = 0; o < rows; o++)
        {
            var dst = new Span<float>((float*)buffer.Pointer + (long)o * cols, cols);
            layer.Weight.ReadRow(o, dst);
            for (int r = 0; r < Rank; r++) scaledB[r] = scaling * b[(firstRow + o) * Rank + r];
            for (int r = 0; r < Rank; r++) Kernels.VectorMath.MultiplyAdd(scaledB[r], a.AsSpan(r * cols, cols), dst);
        }

        return layer with { Weight = new WeightMatrix(buffer.Pointer, WeightDType.F32, rows, cols) };
    }

    public void Dispose() => _file.Dispose();
}
