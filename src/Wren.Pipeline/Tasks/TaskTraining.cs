using Wren.Data.Sources;
using Wren.Data.Tasks;
using Wren.Runtime;
using Wren.Runtime.Classification;
using Wren.Training.Classification;

namespace Wren.Pipeline.Tasks;

/// <summary>
/// What <c>wren task train</c> and the build's task stage share: a task data set in, the trained run (and with a
/// learning curve the runs on 10% and 30% of the labels) out, each step reported to <c>progress</c>.
/// </summary>
public static class TaskTraining
{
    /// <param name="curveTime">Budget of each learning-curve run; null: the same as the task model's.</param>
    public static (ClassifierTrainingResult Model, IReadOnlyList<(double Fraction, ClassifierTrainingResult Run)> Curve) Run(
        TaskDataSet set, ClassifierTrainerOptions options, bool learningCurve, Action<string, ClassifierTrainingEvent>? progress = null,
        TimeSpan? curveTime = null, CancellationToken cancellationToken = default) =>
        LearningCurveTraining.Run(Labeled(set.Train), Labeled(set.Validation), set.Labels, options, learningCurve, progress, curveTime, cancellationToken);

    public static List<LabeledText> Labeled(IEnumerable<TaskExample> examples) => examples.Select(e => new LabeledText(e.Input, e.Output)).ToList();

    /// <summary>The texts of every document in the corpus sources (curated shards, mail, files), read by the ingest readers.</summary>
    public static async Task<IReadOnlyList<string>> ReadCorpusAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        if (paths.Count == 0) return [];
        var texts = new List<string>();
        var sources = new DocumentSources(paths, new SourceOptions());
        await foreach (var document in sources.ReadAsync(cancellationToken: cancellationToken).ConfigureAwait(false)) texts.Add(document.Text);
        if (texts.Count == 0) throw new WrenException($"corpus {string.Join(" ", paths)}: no documents");
        return texts;
    }
}
