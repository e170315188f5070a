using Wren.Training.Lora;
using Wren.Training.Trainer;

namespace Wren.Training.FineTuning;

/// <summary>What <see cref="FineTuner"/> trains: a base model folder, chat JSONL, LoRA or full, and the run settings.</summary>
public sealed record FineTuneOptions
{
    /// <summary>Hugging Face model folder: config.json, model.safetensors (or shards), tokenizer.json, the chat template.</summary>
    public required string BaseModel { get; init; }

    /// <summary>Chat JSONL: <c>{"messages": [...]}</c> (OpenAI format) or <c>{"prompt", "completion"}</c> per line.</summary>
    public required string DataPath { get; init; }

    /// <summary>Run folder, steps or time limit, learning rate and schedule, validation and checkpoint cadence.</summary>
    public required TrainerOptions Trainer { get; init; }

    /// <summary>LoRA adapters to train (PEFT defaults: r 16, alpha 32, q_proj and v_proj); null = full fine-tuning.</summary>
    public LoraSettings? Lora { get; init; } = new();

    /// <summary>Sequences per micro-batch (B).</summary>
    public int Batch { get; init; } = 4;

    /// <summary>Tokens per packed row (T); capped at the model's max_position_embeddings.</summary>
    public int SequenceLength { get; init; } = 512;

    /// <summary>Passes over the training rows; when set, it decides <see cref="TrainerOptions.Steps"/>.</summary>
    public double? Epochs { get; init; }

    /// <summary>Fraction of the conversations (the last ones) held out for validation loss, when there are at least 20.</summary>
    public double ValidationFraction { get; init; } = 0.05;

    /// <summary>Worker threads (default: one per core).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Generate a reply to <see cref="SamplePrompt"/> every N steps (0 = never) into RUN/samples.jsonl.</summary>
    public int SampleEvery { get; init; }

    /// <summary>A user message, rendered with the chat template and the generation prompt; default: the first training conversation's prompt.</summary>
    public string? SamplePrompt { get; init; }

    public int SampleTokens { get; init; } = 64;
}
