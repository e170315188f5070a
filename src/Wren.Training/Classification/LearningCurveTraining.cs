using Wren.Runtime.Classification;

namespace Wren.Training.Classification;

/// <summary>
/// The task model, and with a learning curve the same model trained on 10% and 30% of the labelled examples
/// (<c>RUN/curve-10</c>, <c>RUN/curve-30</c>, each with <c>curveTime</c>, by default the same budget). The inputs of the examples a smaller run
/// leaves out are still the organization's text, so they join its pretraining corpus unlabelled: the curve answers how
/// many labels the task needs, not how much mail.
/// </summary>
public static class LearningCurveTraining
{
    public static readonly IReadOnlyList<double> Fractions = [0.1, 0.3];

    public static string CurveFolder(string run, double fraction) => Path.Combine(run, $"curve-{(int)Math.Round(fraction * 100)}");

    public static (ClassifierTrainingResult Model, IReadOnlyList<(double Fraction, ClassifierTrainingResult Run)> Curve) Run(
        IReadOnlyList<LabeledText> train, IReadOnlyList<LabeledText> validation, IReadOnlyList<string> labels, ClassifierTrainerOptions options, bool learningCurve,
        Action<string, ClassifierTrainingEvent>? progress = null, TimeSpan? curveTime = null, CancellationToken cancellationToken = default)
    {
        var main = ClassifierTrainer.Train(train, validation, labels, options, e => progress?.Invoke("100%", e), cancellationToken);
        var curve = new List<(double, ClassifierTrainingResult)>();
        if (!learningCurve) return (main, curve);
        foreach (double fraction in Fractions)
        {
            var subset = StratifiedSubset.Take(train, fraction, options.Seed);
            var inSubset = subset.ToHashSet();
            var unlabelled = train.Where(e => !inSubset.Contains(e)).Select(e => e.Input);
            var curveOptions = options with { OutputFolder = CurveFolder(options.OutputFolder, fraction), Corpus = [.. options.Corpus, .. unlabelled], Time = curveTime ?? options.Time };
            string name = $"{fraction:P0}".Replace(" ", "", StringComparison.Ordinal);
            curve.Add((fraction, ClassifierTrainer.Train(subset, validation, labels, curveOptions, e => progress?.Invoke(name, e), cancellationToken)));
        }

        return (main, curve);
    }
}
