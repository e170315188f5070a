using LLama;
using LLama.Common;
using LLama.Native;
using Wren.Runtime.Tensors;

namespace Wren.Bench.Runtime;

/// <summary>
/// llama.cpp through LLamaSharp 0.30.0 + LLamaSharp.Backend.Cpu, loading the same GGUF file as Wren:
/// prefill the prompt as one batch, then decode greedily one token per llama_decode call.
/// </summary>
internal sealed class LlamaCppEngine : IInferenceEngine, IDisposable
{
    private static bool _logsOff;
    private LLamaWeights? _weights;
    private (string, WeightDType) _loaded;

    public string Name => "llama.cpp";

    /// <summary>none, avx, avx2 or avx512: the LLamaSharp.Backend.Cpu build to load (empty: the best this CPU runs).</summary>
    public string AvxLevel { get; init; } = "";

    public IEngineRun? Prepare(BenchModel model, WeightDType dtype, int threads, BenchSettings settings)
    {
        if (dtype is not (WeightDType.F32 or WeightDType.F16 or WeightDType.BF16 or WeightDType.Q8_0 or WeightDType.Q4_0 or WeightDType.Q4_1 or WeightDType.Q5_1 or WeightDType.Q4_K)) return null;
        Configure(AvxLevel);
        var parameters = Parameters(model.GgufPath(dtype), threads, settings.PromptTokens, settings.DecodeTokens);
        if (_weights is null || _loaded != (model.Name, dtype))
        {
            _weights?.Dispose();
            _weights = LLamaWeights.LoadFromFile(parameters);
            _loaded = (model.Name, dtype);
        }

        return new LlamaCppRun(_weights, parameters, model.Prompt(settings.PromptTokens), settings.DecodeTokens, WeightBytes(model, dtype));
    }

    /// <summary>Once per process: llama.cpp's log off, and the LLamaSharp.Backend.Cpu build of <paramref name="avxLevel"/> (empty: the best).</summary>
    internal static void Configure(string avxLevel)
    {
        if (_logsOff) return;
        NativeLibraryConfig.All.WithLogCallback((level, message) => { });
        if (avxLevel.Length > 0)
        {
            NativeLibraryConfig.All.WithAvx(avxLevel switch
            {
                "none" => LLama.Native.AvxLevel.None,
                "avx" => LLama.Native.AvxLevel.Avx,
                "avx2" => LLama.Native.AvxLevel.Avx2,
                "avx512" => LLama.Native.AvxLevel.Avx512,
                _ => throw new ArgumentException($"--llamacpp-avx {avxLevel}: expected none, avx, avx2 or avx512"),
            });
        }

        _logsOff = true;
    }

    /// <summary>A context for the prompt and the decoded tokens, the prompt in one batch, CPU only, at <paramref name="threads"/>.</summary>
    internal static ModelParams Parameters(string path, int threads, int promptTokens, int decodeTokens) => new(path)
    {
        ContextSize = (uint)(promptTokens + decodeTokens + 8),
        BatchSize = (uint)promptTokens,
        UBatchSize = (uint)promptTokens,
        GpuLayerCount = 0,
        Threads = threads,
        BatchThreads = threads,
        FlashAttention = false,
    };

    // Same file, so the same weight traffic per token as Wren reads (LlamaWeights.DecodeBytesPerToken: every matrix, the
    // embedding only when it is also the output), from the tensor table: loading the model for it cost a second mapping,
    // populated, and a second set of q/k copies per case (seconds and gigabytes at 3B).
    private static long WeightBytes(BenchModel model, WeightDType dtype)
    {
        using var gguf = Wren.Runtime.Formats.Gguf.GgufReader.Open(model.GgufPath(dtype));
        bool tied = !gguf.TryGetTensor("output.weight", out _);
        return gguf.Tensors.Where(t => t.Dimensions.Length == 2 && (tied || t.Name != "token_embd.weight")).Sum(t => t.ByteSize);
    }

    public void Dispose() => _weights?.Dispose();
}
