namespace Wren.Pipeline.Build.Recipe;

/// <summary>GGUF files written for llama.cpp, Ollama and LM Studio (as <c>wren export gguf</c>).</summary>
public sealed record ExportSection
{
    /// <summary>f32, f16, bf16, q8_0, q4_0, q4_k: one file each.</summary>
    public List<string> Types { get; init; } = ["q8_0"];
}
