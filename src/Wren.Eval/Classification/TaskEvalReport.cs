using Wren.Eval.Reports;
using Wren.Runtime.Classification;

namespace Wren.Eval.Classification;

/// <summary>
/// A task's evaluation: the task model and each baseline on the same test split (all trained on the same training
/// examples), the learning curve, and the plain verdict of who wins.
/// </summary>
public sealed record TaskEvalReport
{
    public required string Task { get; init; }

    public string Kind { get; init; } = "classify";

    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>The test split (for the worst errors).</summary>
    public required IReadOnlyList<LabeledText> Test { get; init; }

    /// <summary>The task model, or null when only baselines were measured.</summary>
    public ClassifierResult? Model { get; init; }

    /// <summary>Baselines by key, in table order.</summary>
    public required IReadOnlyList<ClassifierResult> Baselines { get; init; }

    public IReadOnlyList<LearningCurvePoint> LearningCurve { get; init; } = [];

    /// <summary>How the model was trained (RUN/task.json's training figures), when there is one.</summary>
    public IReadOnlyDictionary<string, double> Training { get; init; } = new Dictionary<string, double>();

    /// <summary>The rows of the task's table: the task model (when there is one), then the baselines.</summary>
    public IReadOnlyList<ClassifierResult> Systems => Model is null ? Baselines : [Model, .. Baselines];

    /// <summary>Whether <paramref name="system"/> has the highest accuracy of the table (more than one row can).</summary>
    public bool IsBest(ClassifierResult system) => system.Metrics.Accuracy == Systems.Max(r => r.Metrics.Accuracy);

    /// <summary>Who <see cref="Verdict"/> says wins, by <see cref="TaskVerdict"/>'s rule.</summary>
    public VerdictOutcome Outcome => Model is null || BestBaseline is not { } best
        ? VerdictOutcome.NotCompared
        : TaskVerdict.Outcome(Model.Metrics.Accuracy, best.Metrics.Accuracy);

    /// <summary>The strongest baseline by accuracy (ties: macro-F1), or null without baselines.</summary>
    public ClassifierResult? BestBaseline => Baselines.OrderByDescending(b => b.Metrics.Accuracy).ThenByDescending(b => b.Metrics.MacroF1).FirstOrDefault();

    /// <summary>One sentence: does the task model beat the best baseline, by how much, or does the baseline win.</summary>
    public string Verdict
    {
        get
        {
            var best = BestBaseline;
            if (Model is null) return best is null ? "Nothing was measured." : $"Best baseline: {best.Description} (accuracy {best.Metrics.Accuracy:P1}).";
            if (best is null) return $"The task model's accuracy is {Model.Metrics.Accuracy:P1}; no baseline was measured.";
            return TaskVerdict.Say(Model.Metrics.Accuracy, best.Description, best.Metrics.Accuracy);
        }
    }
}
