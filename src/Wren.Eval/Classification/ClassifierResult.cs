using Wren.Runtime.Classification;

namespace Wren.Eval.Classification;

/// <summary>One row of a task's table: a classifier's metrics on the test split, its latency per example and its size on disk.</summary>
public sealed record ClassifierResult
{
    /// <summary>Short key (task_model, majority, tfidf_logreg, zero_shot, few_shot).</summary>
    public required string Name { get; init; }

    /// <summary>What it is, for people.</summary>
    public required string Description { get; init; }

    public required ClassificationMetrics Metrics { get; init; }

    public required double LatencyP50Ms { get; init; }

    public required double LatencyP95Ms { get; init; }

    /// <summary>Bytes on disk of what it needs to run (model files, tokenizer; an ML.NET zip); 0 when nothing.</summary>
    public required long SizeBytes { get; init; }

    /// <summary>Each test example's prediction, in test order.</summary>
    public required IReadOnlyList<ClassPrediction> Predictions { get; init; }
}
