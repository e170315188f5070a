using Wren.Eval.Reports;

namespace Wren.Eval.Writing;

/// <summary>What <see cref="WritingTaskEvaluator"/> measured: every system on the same test split, the worst examples of the task model, and which system won.</summary>
public sealed record WritingEvalReport
{
    public required string Task { get; init; }

    /// <summary>generate or extract.</summary>
    public required string Kind { get; init; }

    public required int Count { get; init; }

    /// <summary>The systems, best first by <see cref="WritingSystemResult.Primary"/>.</summary>
    public required IReadOnlyList<WritingSystemResult> Systems { get; init; }

    public IReadOnlyList<WritingExampleScore> Worst { get; init; } = [];

    /// <summary>A plain sentence: the task model wins, or which baseline beats it and by how much.</summary>
    public required string Verdict { get; init; }

    /// <summary>The task model's row, when it was measured.</summary>
    public WritingSystemResult? TaskModel => Systems.FirstOrDefault(s => s.IsTaskModel && s.Error is null);

    /// <summary>Whether <paramref name="system"/> was measured and has the highest <see cref="WritingSystemResult.Primary"/> (more than one row can).</summary>
    public bool IsBest(WritingSystemResult system) =>
        system.Error is null && system.Primary == Systems.Where(s => s.Error is null).Max(s => s.Primary);

    /// <summary>Who <see cref="Verdict"/> says wins: the task model against the best other measured system, a tie when they score the same.</summary>
    public VerdictOutcome Outcome
    {
        get
        {
            var model = TaskModel;
            var others = Systems.Where(s => s.Error is null && !ReferenceEquals(s, model)).ToList();
            if (model is null || others.Count == 0) return VerdictOutcome.NotCompared;
            double best = others.Max(s => s.Primary);
            return model.Primary > best ? VerdictOutcome.ModelWins : model.Primary == best ? VerdictOutcome.Tie : VerdictOutcome.BaselineWins;
        }
    }

    public IReadOnlyDictionary<string, double> Training { get; init; } = new Dictionary<string, double>();
}
