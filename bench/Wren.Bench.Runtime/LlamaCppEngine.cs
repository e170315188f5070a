using System.Diagnostics;
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

    public EngineResult? Measure(BenchModel model, WeightDType dtype, int threads, BenchSettings settings)
    {
        if (dtype is not (WeightDType.F32 or WeightDType.F16 or WeightDType.BF16 or WeightDType.Q8_0 or WeightDType.Q4_0)) return null;
        if (!_logsOff)
        {
            NativeLibraryConfig.All.WithLogCallback((level, message) => { });
            _logsOff = true;
        }

        var parameters = new ModelParams(model.GgufPath(dtype))
        {
            ContextSize = (uint)(settings.PromptTokens + settings.DecodeTokens + 8),
            BatchSize = (uint)settings.PromptTokens,
            UBatchSize = (uint)settings.PromptTokens,
            GpuLayerCount = 0,
            Threads = threads,
            BatchThreads = threads,
            FlashAttention = false,
        };
        if (_weights is null || _loaded != (model.Name, dtype))
        {
            _weights?.Dispose();
            _weights = LLamaWeights.LoadFromFile(parameters);
            _loaded = (model.Name, dtype);
        }

        var random = new Random(2);
        int[] prompt = Enumerable.Range(0, settings.PromptTokens).Select(_ => random.Next(model.Config.VocabSize)).ToArray();
        double bestPrefill = 0, bestDecode = 0, bestCpu = double.MaxValue;
        var process = Process.GetCurrentProcess();
        var batch = new LLamaBatch();
        for (int repeat = 0; repeat < settings.Repeats; repeat++)
        {
            using var context = _weights.CreateContext(parameters);
            batch.Clear();
            for (int i = 0; i < prompt.Length; i++) batch.Add(prompt[i], i, LLamaSeqId.Zero, logits: i == prompt.Length - 1);
            long t0 = Stopwatch.GetTimestamp();
            Check(context.Decode(batch));
            double prefill = prompt.Length / Stopwatch.GetElapsedTime(t0).TotalSeconds;
            int next = ArgMax(context.NativeHandle.GetLogitsIth(prompt.Length - 1));
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            long t1 = Stopwatch.GetTimestamp();
            for (int s = 0; s < settings.DecodeTokens; s++)
            {
                batch.Clear();
                batch.Add(next, prompt.Length + s, LLamaSeqId.Zero, logits: true);
                Check(context.Decode(batch));
                next = ArgMax(context.NativeHandle.GetLogitsIth(0));
            }

            double decode = settings.DecodeTokens / Stopwatch.GetElapsedTime(t1).TotalSeconds;
            process.Refresh();
            bestCpu = Math.Min(bestCpu, (process.TotalProcessorTime - cpu0).TotalMilliseconds / settings.DecodeTokens);
            bestPrefill = Math.Max(bestPrefill, prefill);
            bestDecode = Math.Max(bestDecode, decode);
        }

        // Same file, same weight traffic per token as Wren reads.
        return new EngineResult(bestPrefill, bestDecode, WeightBytes(model, dtype), bestCpu);
    }

    private static long WeightBytes(BenchModel model, WeightDType dtype)
    {
        using var wren = Wren.Runtime.Models.LlamaModel.Load(model.GgufPath(dtype));
        return wren.Weights.DecodeBytesPerToken;
    }

    private static void Check(DecodeResult result)
    {
        if (result != DecodeResult.Ok) throw new InvalidOperationException($"llama_decode returned {result}");
    }

    private static int ArgMax(ReadOnlySpan<float> v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    public void Dispose() => _weights?.Dispose();
}
