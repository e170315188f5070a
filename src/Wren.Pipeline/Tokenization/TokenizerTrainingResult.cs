using Wren.Training.Tokenization;

namespace Wren.Pipeline.Tokenization;

/// <summary>What a tokenizer training run produced and read.</summary>
public sealed record TokenizerTrainingResult
{
    public required TrainedBpe Trained { get; init; }

    public required string TokenizerJson { get; init; }

    public required int CorpusFiles { get; init; }

    public required long DistinctWords { get; init; }

    /// <summary>Malformed corpus records skipped, and where the first one was.</summary>
    public required long Skipped { get; init; }

    public string? FirstProblem { get; init; }

    public required TimeSpan Elapsed { get; init; }
}
