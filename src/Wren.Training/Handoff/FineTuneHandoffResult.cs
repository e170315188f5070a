namespace Wren.Training.Handoff;

/// <summary>What <see cref="FineTuneHandoff"/> wrote and what the GPU run will see.</summary>
public sealed record FineTuneHandoffResult
{
    public required string OutputFolder { get; init; }

    /// <summary>File names written, sorted.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    public required int TrainExamples { get; init; }

    public required int ValidationExamples { get; init; }

    /// <summary>Tokens of the training conversations, as rendered with the chat template and cut to the sequence length.</summary>
    public required long TrainTokens { get; init; }

    /// <summary>Tokens the model is trained to predict (the assistant's turns, within the sequence length).</summary>
    public required long TrainedTokens { get; init; }

    /// <summary>Training conversations longer than the sequence length (cut on the GPU).</summary>
    public required int Truncated { get; init; }

    public required int WorldSize { get; init; }

    /// <summary>Optimizer steps for the epochs asked: ceil(examples x epochs / (micro-batch x accumulation x GPUs)).</summary>
    public required long Steps { get; init; }

    public required double LearningRate { get; init; }

    /// <summary>Conversations left out, with file, line and reason.</summary>
    public required IReadOnlyList<string> Errors { get; init; }
}
