namespace Wren.Pipeline.Tasks;

/// <summary>What <see cref="TaskEvaluation"/> measures and where it writes.</summary>
public sealed record TaskEvaluationRequest
{
    public required TaskEvalData Data { get; init; }

    /// <summary>A task run folder (wren task train); null: only the baselines.</summary>
    public string? Run { get; init; }

    /// <summary>Another copy of the run's model to measure instead of RUN/model (its quantized export); the learning curve's runs are then left out.</summary>
    public string? ModelFile { get; init; }

    /// <summary>A base model measured zero-shot and few-shot; null: the run's base model, if any.</summary>
    public string? BaseModel { get; init; }

    public bool Baselines { get; init; } = true;

    public bool LearningCurve { get; init; } = true;

    /// <summary>Where task.html and eval.json go (and the baselines' saved models); null: nowhere.</summary>
    public string? OutputFolder { get; init; }
}
