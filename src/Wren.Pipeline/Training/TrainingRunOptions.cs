using Wren.Training.Trainer;

namespace Wren.Pipeline.Training;

/// <summary>What <see cref="TrainingRun"/> needs: where the token shards are, which model, and how to train it.</summary>
public sealed record TrainingRunOptions
{
    /// <summary>Folder of llm.c token shards (train_NNN.bin, optional val_NNN.bin).</summary>
    public required string DataFolder { get; init; }

    /// <summary>A preset name (tiny, small, base) or a config.json to train from scratch.</summary>
    public required string ModelConfig { get; init; }

    /// <summary>tokenizer.json or its folder; null: look in the data folder and its parent.</summary>
    public string? Tokenizer { get; init; }

    /// <summary>Sequences per micro-batch (B).</summary>
    public required int Batch { get; init; }

    /// <summary>Tokens per sequence (T).</summary>
    public required int Sequence { get; init; }

    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Generate a continuation of <see cref="SamplePrompt"/> every this many steps and at the end (RUN/samples.jsonl); 0: never. Needs a tokenizer.</summary>
    public int SampleEvery { get; init; }

    public string SamplePrompt { get; init; } = "The";

    /// <summary>Tokens per sample (greedy).</summary>
    public int SampleTokens { get; init; } = 48;

    /// <summary>Schedule, budget, checkpoints; <see cref="TrainerOptions.OutputFolder"/> is the run folder.</summary>
    public required TrainerOptions Trainer { get; init; }
}
