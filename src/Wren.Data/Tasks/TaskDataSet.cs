namespace Wren.Data.Tasks;

/// <summary>The examples of a task by split, with its definition when it came from a task folder.</summary>
public sealed record TaskDataSet(TaskDefinition? Definition, IReadOnlyList<TaskExample> Train, IReadOnlyList<TaskExample> Validation, IReadOnlyList<TaskExample> Test, string Origin)
{
    /// <summary>The task's name: task.json's, else the file's name.</summary>
    public string Name => Definition?.Name ?? Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(Origin));

    /// <summary>The label set: task.json's, else every output seen (sorted, ordinal).</summary>
    public IReadOnlyList<string> Labels => Definition?.Labels
        ?? Train.Concat(Validation).Concat(Test).Select(e => e.Output).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// This data set with a validation split: when it has none, a seeded, stratified share of the training examples
    /// (grouped by source) becomes one, so early stopping has something to measure on.
    /// </summary>
    public TaskDataSet WithValidation(ulong seed, double fraction = 0.1)
    {
        if (Validation.Count > 0 || Train.Count < 10) return this;
        var candidates = Train.Select((e, i) => new TaskCandidate(e.Input, e.Output, e.Source ?? $"{Origin}:{i + 1}", e.Source ?? $"{Origin}:{i + 1}")).ToList();
        var splits = TaskSplitter.Split(candidates, seed, fraction, 0);
        var train = new List<TaskExample>();
        var validation = new List<TaskExample>();
        for (int i = 0; i < Train.Count; i++) (splits[i] == TaskSplits.Validation ? validation : train).Add(Train[i] with { Split = splits[i] });
        return this with { Train = train, Validation = validation };
    }
}
