namespace Wren.Pipeline.Build.Recipe;

/// <summary>
/// How <c>model.base_model</c> is fine-tuned (as <c>wren finetune</c>): supervised fine-tuning on chat JSONL, LoRA or full.
/// The budget (steps, tokens, minutes), batch and sequence length come from the training section.
/// </summary>
public sealed record FinetuneSection
{
    /// <summary>Chat JSONL files (relative to the recipe): <c>{"messages": [...]}</c> or <c>{"prompt", "completion"}</c> per line.</summary>
    public List<string> Data { get; init; } = [];

    /// <summary>lora (PEFT adapters, merged into a full model after training) or full (every weight).</summary>
    public string Method { get; init; } = "lora";

    public int LoraRank { get; init; } = 16;

    public double LoraAlpha { get; init; } = 32;

    /// <summary>Projections that get adapters, or [all-linear].</summary>
    public List<string> LoraTargets { get; init; } = ["q_proj", "v_proj"];

    /// <summary>Passes over the packed conversations (0: the training section's budget decides).</summary>
    public double Epochs { get; init; }

    /// <summary>Peak learning rate (0: 2e-4 with LoRA, 2e-5 with full), replacing training.learning_rate, which suits pretraining from scratch.</summary>
    public double LearningRate { get; init; }
}
