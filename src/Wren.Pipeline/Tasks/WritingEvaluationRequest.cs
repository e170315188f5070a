using Wren.Data.Teacher;

namespace Wren.Pipeline.Tasks;

/// <summary>What <see cref="WritingTaskEvaluation"/> measures and where it writes.</summary>
public sealed record WritingEvaluationRequest
{
    /// <summary>The task's examples: its test split is measured, its training split feeds the baselines.</summary>
    public required Wren.Data.Tasks.TaskDataSet Data { get; init; }

    /// <summary>A task run folder (wren task train); null: only the base model, the teacher and the baselines.</summary>
    public string? Run { get; init; }

    /// <summary>A base model measured zero-shot; null: the run's base model, if any.</summary>
    public string? BaseModel { get; init; }

    /// <summary>A teacher behind an OpenAI-compatible endpoint, measured on the same test split; null: none.</summary>
    public TeacherOptions? Teacher { get; init; }

    /// <summary>A judge model behind an OpenAI-compatible endpoint that grades every answer 1-5 against the reference (cached); null: none.</summary>
    public TeacherOptions? Judge { get; init; }

    public bool Baselines { get; init; } = true;

    /// <summary>Where task.html and eval.json go; null: nowhere.</summary>
    public string? OutputFolder { get; init; }

    /// <summary>Most tokens a model writes per answer when the run does not say (no run, or a base model alone).</summary>
    public int MaxOutputTokens { get; init; } = 128;
}
