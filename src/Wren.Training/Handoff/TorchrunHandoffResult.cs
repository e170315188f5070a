namespace Wren.Training.Handoff;

/// <summary>What <see cref="TorchrunHandoff"/> wrote and the distributed plan it chose.</summary>
public sealed record TorchrunHandoffResult
{
    public required string OutputFolder { get; init; }

    /// <summary>File names written, sorted.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    public required string DataFolder { get; init; }

    public required int WorldSize { get; init; }

    public required int MicroBatch { get; init; }

    public required int GradientAccumulation { get; init; }

    public required int SequenceLength { get; init; }

    /// <summary>Tokens per optimizer step on the GPUs: micro-batch x T x accumulation x world size.</summary>
    public required long TokensPerStep { get; init; }

    /// <summary>Tokens per optimizer step in the Wren run.</summary>
    public required long RunTokensPerStep { get; init; }

    public required long Steps { get; init; }

    public required long WarmupSteps { get; init; }

    public required long TrainTokens { get; init; }

    /// <summary>Things the user should know (a changed global batch, a missing run.json, ...).</summary>
    public required IReadOnlyList<string> Notes { get; init; }
}
