using Wren.Runtime.Tensors;

namespace Wren.Bench.Runtime;

/// <summary>
/// An engine measured on the same model shape, dtype and thread count. Wren is one; llama.cpp (LLamaSharp +
/// LLamaSharp.Backend.Cpu loading the same GGUF file) is the other. <see cref="Prepare"/> loads the model and
/// makes everything a round needs, so that the program can alternate short rounds of every engine
/// (A B B A ...) and both see the same moments of a shared machine.
/// </summary>
internal interface IInferenceEngine
{
    string Name { get; }

    /// <summary>Loads the case's model and sets up its threads; null when this engine cannot run the case.</summary>
    IEngineRun? Prepare(BenchModel model, WeightDType dtype, int threads, BenchSettings settings);
}
