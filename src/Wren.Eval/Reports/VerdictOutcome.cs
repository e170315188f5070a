namespace Wren.Eval.Reports;

/// <summary>
/// Who a task evaluation's verdict favours, decided where the verdict is written so that every view of it (the
/// terminal, task.html, index.html) shows the same winner the sentence names.
/// </summary>
public enum VerdictOutcome
{
    /// <summary>No task model, or nothing to compare it with.</summary>
    NotCompared,

    ModelWins,

    /// <summary>The task model and the best other system score the same (classification: within <see cref="Classification.TaskVerdict.TiePoints"/>).</summary>
    Tie,

    /// <summary>A baseline (or another system) scores above the task model: use it, or give the model more.</summary>
    BaselineWins,
}
