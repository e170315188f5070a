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

    /// <summary>Print <see cref="DecodeProfile"/> and <see cref="PrefillProfile"/> for each model loaded.</summary>
    public bool Profile { get; init; }

    public IEngineRun? Prepare(BenchModel model, WeightDType dtype, int threads, BenchSettings settings)
    {
        if (_model is null || _loaded != (model.Name, dtype))
        {
            _model?.Dispose();
            _model = null;
            try
            {
                _model = LlamaModel.Load(model.GgufPath(dtype));
            }
            catch (Wren.Runtime.WrenException e)
            {
                // Say so and go on with the other cases: Q4_K_M files of shapes whose rows are not a multiple of 256 hold
                // Q5_0 tensors, which Wren does not run yet.
                Console.WriteLine($"Wren cannot run {model.Name} {dtype}: {e.Message}");
                return null;
            }

            _loaded = (model.Name, dtype);
            if (Profile)
            {
                DecodeProfile.Print(_model, $"{model.Name} {dtype}");
                PrefillProfile.Print(_model, $"{model.Name} {dtype}", settings.PromptTokens);
            }
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
