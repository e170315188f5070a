namespace Wren.Pipeline.Tasks;

/// <summary>How <see cref="WritingTaskTraining"/> fine-tunes a model for a generate or extract task.</summary>
public sealed record WritingTrainOptions
{
    /// <summary>The run folder: model/, task.json, finetune/ (the trainer's checkpoints and metrics), data/.</summary>
    public required string OutputFolder { get; init; }

    /// <summary>The Hugging Face model folder fine-tuned (it needs a chat template, or ChatML's tokens).</summary>
    public required string BaseModel { get; init; }

    /// <summary>LoRA adapters merged into RUN/model at the end; false: every weight.</summary>
    public bool Lora { get; init; } = true;

    public TimeSpan Time { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Passes over the examples at most (the time budget may stop it sooner).</summary>
    public double Epochs { get; init; } = 3;

    /// <summary>Tokens per packed row (T), capped at the model's context.</summary>
    public int SequenceLength { get; init; } = 512;

    public int Batch { get; init; } = 4;

    /// <summary>Peak learning rate; null: 2e-4 with LoRA, 2e-5 full.</summary>
    public double? LearningRate { get; init; }

    public ulong Seed { get; init; } = 1337;

    public int Threads { get; init; } = Environment.ProcessorCount;

    public string TaskName { get; init; } = "task";

    public string? DataOrigin { get; init; }
}
