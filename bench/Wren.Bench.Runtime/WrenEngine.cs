using System.Diagnostics;
using Wren.Runtime.Models;
using Wren.Runtime.Tensors;
using Wren.Runtime.Threading;

namespace Wren.Bench.Runtime;

/// <summary>
/// Wren's own engine: prefill a prompt (GEMM path), then decode token by token (matrix-vector path). The
/// weights come from the same cached GGUF file that llama.cpp loads (<see cref="BenchModel.GgufPath"/>).
/// </summary>
internal sealed class WrenEngine : IInferenceEngine, IDisposable
{
    private LlamaModel? _model;
    private (string, WeightDType) _loaded;

    public string Name => "Wren";

    /// <summary>Print <see cref="DecodeProfile"/> for each model loaded.</summary>
    public bool Profile { get; init; }

    public EngineResult? Measure(BenchModel model, WeightDType dtype, int threads, BenchSettings settings)
    {
        if (_model is null || _loaded != (model.Name, dtype))
        {
            _model?.Dispose();
            _model = LlamaModel.Load(model.GgufPath(dtype));
            _loaded = (model.Name, dtype);
            if (Profile) DecodeProfile.Print(_model, $"{model.Name} {dtype}");
        }

        using var pool = new WorkerPool(threads);
        using var session = _model.CreateSession(new InferenceSessionOptions { Pool = pool, MaxContext = settings.PromptTokens + settings.DecodeTokens + 8, PrefillChunk = settings.PromptTokens });
        var random = new Random(2);
        int[] prompt = Enumerable.Range(0, settings.PromptTokens).Select(_ => random.Next(model.Config.VocabSize)).ToArray();

        double bestPrefill = 0, bestDecode = 0, bestCpu = double.MaxValue;
        var process = Process.GetCurrentProcess();
        for (int repeat = 0; repeat < settings.Repeats; repeat++)
        {
            session.Reset();
            long t0 = Stopwatch.GetTimestamp();
            var logits = session.Prefill(prompt);
            double prefill = prompt.Length / Stopwatch.GetElapsedTime(t0).TotalSeconds;
            int next = ArgMax(logits);
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            long t1 = Stopwatch.GetTimestamp();
            for (int i = 0; i < settings.DecodeTokens; i++) next = ArgMax(session.Decode(next));
            double decode = settings.DecodeTokens / Stopwatch.GetElapsedTime(t1).TotalSeconds;
            process.Refresh();
            bestCpu = Math.Min(bestCpu, (process.TotalProcessorTime - cpu0).TotalMilliseconds / settings.DecodeTokens);
            bestPrefill = Math.Max(bestPrefill, prefill);
            bestDecode = Math.Max(bestDecode, decode);
        }

        return new EngineResult(bestPrefill, bestDecode, _model.Weights.DecodeBytesPerToken, bestCpu);
    }

    private static int ArgMax(ReadOnlySpan<float> v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    public void Dispose() => _model?.Dispose();
}
