using Wren.Runtime.Models;
using Wren.Runtime.Tensors;

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

    public IEngineRun? Prepare(BenchModel model, WeightDType dtype, int threads, BenchSettings settings)
    {
        if (_model is null || _loaded != (model.Name, dtype))
        {
            _model?.Dispose();
            _model = LlamaModel.Load(model.GgufPath(dtype));
            _loaded = (model.Name, dtype);
            if (Profile) DecodeProfile.Print(_model, $"{model.Name} {dtype}");
        }

        return new WrenRun(_model, model.Prompt(settings.PromptTokens), threads, settings);
    }

    internal static int ArgMax(ReadOnlySpan<float> v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    public void Dispose() => _model?.Dispose();
}
