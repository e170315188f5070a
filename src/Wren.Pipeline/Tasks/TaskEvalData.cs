using Wren.Data.Tasks;
using Wren.Runtime;
using Wren.Runtime.Classification;

namespace Wren.Pipeline.Tasks;

/// <summary>The examples a task evaluation reads: the test split it measures, the training split its baselines learn from, the label set.</summary>
public sealed record TaskEvalData(string Name, IReadOnlyList<string> Labels, IReadOnlyList<LabeledText> Train, IReadOnlyList<LabeledText> Validation, IReadOnlyList<LabeledText> Test)
{
    public static TaskEvalData From(TaskDataSet set) =>
        new(set.Name, set.Labels, TaskTraining.Labeled(set.Train), TaskTraining.Labeled(set.Validation), TaskTraining.Labeled(set.Test));

    /// <summary>
    /// The examples to measure a task run on: <see cref="Load"/> with the run's training data (RUN/task.json's) when no
    /// other is given, and its labels; without a run, only what is given.
    /// </summary>
    public static TaskEvalData ForRun(string data, string? trainPath, string? run)
    {
        var manifest = run is null ? null : ClassifierManifest.Load(run);
        return Load(data, trainPath ?? manifest?.Data, manifest?.Labels);
    }

    /// <summary>
    /// From a task folder (its own splits), or from a JSONL file of test examples with the training examples of
    /// <paramref name="trainPath"/> (a task folder or file; none: baselines cannot be trained) and the run's labels.
    /// </summary>
    public static TaskEvalData Load(string data, string? trainPath, IReadOnlyList<string>? runLabels)
    {
        if (Directory.Exists(data))
        {
            var set = TaskFolder.Load(data);
            if (set.Test.Count == 0) throw new WrenException($"{data}: the test split is empty");
            return From(set);
        }

        var test = TaskTraining.Labeled(TaskExampleJsonl.Read(data));
        if (test.Count == 0) throw new WrenException($"{data}: no examples");
        List<LabeledText> train = [], validation = [];
        var labels = runLabels;
        if (trainPath is not null && (Directory.Exists(trainPath) || File.Exists(trainPath)))
        {
            var set = TaskFolder.Load(trainPath);
            train = TaskTraining.Labeled(set.Train);
            validation = TaskTraining.Labeled(set.Validation);
            labels ??= set.Labels;
        }

        labels ??= test.Concat(train).Select(e => e.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new TaskEvalData(Path.GetFileNameWithoutExtension(data), labels, train, validation, test);
    }
}
