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

    /// <summary>Epochs when neither a step count nor a time limit bounds the run.</summary>
    public const double DefaultEpochs = 3;

    /// <summary>
    /// The <see cref="Epochs"/> of a run given <paramref name="steps"/>, <paramref name="epochs"/> and a time limit, as
    /// <c>wren finetune</c> takes them: the epochs given, else <see cref="DefaultEpochs"/> when nothing else bounds the
    /// run, else none; steps and epochs together are an error.
    /// </summary>
    public static double? EpochsFor(long? steps, double? epochs, TimeSpan? limit)
    {
        if (steps is not null && epochs is not null) throw new Wren.Runtime.WrenException("--steps and --epochs both set: give one");
        return epochs ?? (steps is null && limit is null ? DefaultEpochs : null);
    }

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
