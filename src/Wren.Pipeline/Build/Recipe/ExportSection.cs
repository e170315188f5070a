using YamlDotNet.Serialization;

namespace Wren.Pipeline.Build.Recipe;

/// <summary>GGUF files written for llama.cpp, Ollama and LM Studio (as <c>wren export gguf</c>), and optionally the web site and the Workers project.</summary>
public sealed record ExportSection
{
    /// <summary>f32, f16, bf16, q8_0, q4_0, q4_k: one file each.</summary>
    [YamlMember(Description = @"f32, f16, bf16, q8_0, q4_0, q4_k")]
    public List<string> Types { get; init; } = ["q8_0"];

    /// <summary>Also a static site that runs the model in a browser tab (export/web/, as <c>wren export web</c>; weights in the first type).</summary>
    [YamlMember(Description = @"true: export/web/, a static site that runs the model in a browser tab (first type; the engine comes from npm once)")]
    public bool Web { get; init; }

    /// <summary>Also a Cloudflare Workers project serving the model's OpenAI API (export/worker/, as <c>wren export worker</c>).</summary>
    [YamlMember(Description = @"true: export/worker/, a Cloudflare Workers project serving the OpenAI API from the model")]
    public bool Worker { get; init; }
}
