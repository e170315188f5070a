using Wren.Runtime.Classification;

namespace Wren.Eval.Classification;

/// <summary>What <see cref="TaskEvaluator"/> measures: the task's splits, the task model (if any) and which baselines.</summary>
public sealed record TaskEvalOptions
{
    public required string TaskName { get; init; }

    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>The examples the baselines are trained on (the task model's own training examples).</summary>
    public required IReadOnlyList<LabeledText> Train { get; init; }

    /// <summary>Where the TF-IDF baseline's regularisation is chosen.</summary>
    public IReadOnlyList<LabeledText> Validation { get; init; } = [];

    public required IReadOnlyList<LabeledText> Test { get; init; }

    /// <summary>The task model, or null to measure only baselines.</summary>
    public ITextClassifier? Model { get; init; }

    public string ModelDescription { get; init; } = "task model";

    /// <summary>Bytes on disk of the task model (its folder).</summary>
    public long ModelSizeBytes { get; init; }

    /// <summary>Task models trained on shares of the training examples, for the learning curve.</summary>
    public IReadOnlyList<(double Fraction, ITextClassifier Model)> ModelCurve { get; init; } = [];

    /// <summary>A base model folder: measured zero-shot and few-shot with the same label scoring.</summary>
    public string? BaseModel { get; init; }

    public bool Baselines { get; init; } = true;

    /// <summary>TF-IDF + logistic regression at 10%, 30% and 100% of the training examples.</summary>
    public bool LearningCurve { get; init; } = true;

    /// <summary>A folder for the baselines' saved models (their size on disk is measured from it); null: a temporary one.</summary>
    public string? WorkFolder { get; init; }

    public ulong Seed { get; init; } = 1;
}
