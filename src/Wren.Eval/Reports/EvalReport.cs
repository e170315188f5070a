namespace Wren.Eval.Reports;

/// <summary>
/// The result of one <c>wren eval</c>: every model's scores (the base model first when <see cref="BaseModel"/>
/// is set, so gains are read against it), and the settings that make the numbers reproducible.
/// </summary>
public sealed record EvalReport
{
    public required IReadOnlyList<ModelReport> Models { get; init; }

    /// <summary>The model the others are compared with (<c>--base</c>), or null.</summary>
    public string? BaseModel { get; init; }

    public required IReadOnlyDictionary<string, string> Settings { get; init; }

    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The change of a metric from the base (or first) model to <paramref name="model"/>, or null when either lacks it.</summary>
    public double? Delta(ModelReport model, string task, string metric)
    {
        var reference = BaseModel is { } b ? Models.FirstOrDefault(m => m.Model == b) : Models.FirstOrDefault();
        if (reference is null || ReferenceEquals(reference, model)) return null;
        if (reference.Find(task)?.Metrics.TryGetValue(metric, out double r) != true) return null;
        if (model.Find(task)?.Metrics.TryGetValue(metric, out double v) != true) return null;
        return v - r;
    }
}
