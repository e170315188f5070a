using Wren.Runtime.Tensors;

namespace Wren.Bench.Runtime;

/// <summary>
/// An engine measured on the same model shape, dtype and thread count. Wren is one; the llama.cpp peer
/// (LLamaSharp + LLamaSharp.Backend.Cpu loading the same weights as GGUF) plugs in here once the GGUF
/// writer (Wren.Runtime.Formats.Gguf) can export the benchmark models: it returns null for dtypes or
/// shapes it cannot load, and the table prints ratios against every engine that returned figures.
/// </summary>
internal interface IInferenceEngine
{
    string Name { get; }

    /// <summary>Measures prefill and decode; null when this engine cannot run the case.</summary>
    EngineResult? Measure(BenchModel model, WeightDType dtype, int threads, BenchSettings settings);
}

/// <summary>Figures of one engine on one case.</summary>
/// <param name="DecodeCpuMillisecondsPerToken">Process CPU time per decoded token (all threads, spinning included):
/// unlike wall time it stays meaningful on a machine shared with other work.</param>
internal sealed record EngineResult(double PrefillTokensPerSecond, double DecodeTokensPerSecond, long WeightBytesPerToken, double DecodeCpuMillisecondsPerToken);

/// <summary>Run lengths.</summary>
internal sealed record BenchSettings(int PromptTokens, int DecodeTokens, int Repeats);
