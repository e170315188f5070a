using Wren.Training.Lora;

namespace Wren.Training.Handoff;

/// <summary>What <see cref="FineTuneHandoff"/> hands over: the chat examples, the base model and how to train.</summary>
public sealed record FineTuneHandoffOptions
{
    /// <summary>The base model's Hugging Face folder here: its tokenizer and chat template make the tokens and the loss mask.</summary>
    public required string BaseModel { get; init; }

    /// <summary>
    /// What the GPU machine loads as base: a hub id or a path there; default the folder's absolute path. The tokens were
    /// made with this folder's tokenizer, so the other must be the same model.
    /// </summary>
    public string? BaseModelOnGpu { get; init; }

    /// <summary>Training conversations, chat JSONL (<c>{"messages": [...]}</c>).</summary>
    public required string TrainData { get; init; }

    /// <summary>Validation conversations, chat JSONL; optional.</summary>
    public string? ValidationData { get; init; }

    public required string OutputFolder { get; init; }

    public FineTuneMethod Method { get; init; } = FineTuneMethod.Lora;

    public LoraSettings Lora { get; init; } = new() { Targets = LoraSettings.KnownTargets };

    public int GpusPerNode { get; init; } = 1;

    public int Nodes { get; init; } = 1;

    public int SequenceLength { get; init; } = 2048;

    public int MicroBatch { get; init; } = 4;

    public int GradientAccumulation { get; init; } = 4;

    public double Epochs { get; init; } = 3;

    /// <summary>Default 2e-4 for LoRA/QLoRA, 2e-5 for full.</summary>
    public double? LearningRate { get; init; }

    public int Seed { get; init; } = 1;
}
