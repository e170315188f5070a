using YamlDotNet.Serialization;

namespace Wren.Pipeline.Build.Recipe;

/// <summary>
/// How <c>model.base_model</c> is fine-tuned (as <c>wren finetune</c>): supervised fine-tuning on chat JSONL, LoRA or full.
/// The budget (steps, tokens, minutes), batch and sequence length come from the training section.
/// </summary>
public sealed record FinetuneSection
{
    /// <summary>Chat JSONL files (relative to the recipe): <c>{"messages": [...]}</c> or <c>{"prompt", "completion"}</c> per line.</summary>
    [YamlMember(Description = @"chat JSONL files (relative to this file): {""messages"": [...]} or {""prompt"", ""completion""} per line; required with base_model")]
    public List<string> Data { get; init; } = [];

    /// <summary>lora (PEFT adapters, merged into a full model after training) or full (every weight).</summary>
    [YamlMember(Description = @"lora (PEFT adapter in DIR/train/finetune/model, merged into DIR/train/model) or full (every weight)")]
    public string Method { get; init; } = "lora";

    [YamlMember(Description = @"LoRA r")]
    public int LoraRank { get; init; } = 16;

    [YamlMember(Description = @"updates are scaled by alpha / r")]
    public double LoraAlpha { get; init; } = 32;

    /// <summary>Projections that get adapters, or [all-linear].</summary>
    [YamlMember(Description = @"q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj, or [all-linear]")]
    public List<string> LoraTargets { get; init; } = ["q_proj", "v_proj"];

    /// <summary>Passes over the packed conversations (0: the training section's budget decides).</summary>
    [YamlMember(Description = @"passes over the packed conversations; 0: training's minutes/tokens/steps decide")]
    public double Epochs { get; init; }

    /// <summary>Peak learning rate (0: 2e-4 with LoRA, 2e-5 with full), replacing training.learning_rate, which suits pretraining from scratch.</summary>
    [YamlMember(Description = @"peak; 0: 2e-4 with lora, 2e-5 with full (training.learning_rate is for pretraining)")]
    public double LearningRate { get; init; }
}
