using Wren.Runtime.Classification;

namespace Wren.Training.Classification;

/// <summary>What a task training run produced: the run's manifest (RUN/task.json), where the model is, and its figures.</summary>
public sealed record ClassifierTrainingResult
{
    public required ClassifierManifest Manifest { get; init; }

    public required string RunFolder { get; init; }

    public string ModelFolder => Path.Combine(RunFolder, Manifest.Model);

    /// <summary>Parameters of the model (all of them; with LoRA, of the merged model).</summary>
    public required long Parameters { get; init; }

    public required double BestValidationAccuracy { get; init; }

    public required double WallSeconds { get; init; }

    public required double CpuSeconds { get; init; }

    /// <summary>The machine's load average (1 minute) when training ended, where the OS reports it.</summary>
    public double? LoadAverage { get; init; }
}
