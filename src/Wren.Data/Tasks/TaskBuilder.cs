using System.Text.Json.Nodes;
using Json.Schema;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;

namespace Wren.Data.Tasks;

/// <summary>
/// Makes a task folder from a builder's candidates: exact duplicate inputs are dropped (the first copy is kept, so the
/// same text can never be in training and in the test), labels with too few examples are refused (or dropped or
/// merged, as asked), the rest is split by group, stratified and seeded (<see cref="TaskSplitter"/>), and task.json,
/// train.jsonl, val.jsonl and test.jsonl are written into a new folder that replaces the old one only when complete.
/// </summary>
public static class TaskBuilder
{
    public static async Task<TaskBuildResult> BuildAsync(TaskCandidateSource source, TaskBuildOptions options, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MinPerLabel < 1) throw new WrenException($"--min-per-label must be at least 1 (got {options.MinPerLabel})");
        var candidates = await source.ReadAsync(progress, cancellationToken).ConfigureAwait(false);
        return Build(candidates, source, options);
    }

    /// <summary>The folder from candidates already read (<paramref name="source"/> supplies the settings and counters for task.json).</summary>
    public static TaskBuildResult Build(IReadOnlyList<TaskCandidate> candidates, TaskCandidateSource source, TaskBuildOptions options)
    {
        if (options.Kind != TaskDefinition.ClassifyKind) return BuildWriting(candidates, source, options);
        var kept = Deduplicate(candidates, out int duplicates, out int conflicting);
        var counts = CountLabels(kept);
        var rare = counts.Where(p => p.Value < options.MinPerLabel).OrderBy(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
        int rareExamples = rare.Sum(p => p.Value);
        if (rare.Count > 0)
        {
            switch (options.RareLabels)
            {
                case RareLabelPolicy.Refuse:
                    string listed = string.Join(", ", rare.Take(8).Select(p => $"'{p.Key}' ({p.Value})")) + (rare.Count > 8 ? $" and {rare.Count - 8} more" : "");
                    throw new WrenException(
                        $"{rare.Count} label(s) have fewer than {options.MinPerLabel} examples, too few to learn or to measure: {listed}. " +
                        $"Leave them out with --rare drop, merge them into one label with --rare other, or lower --min-per-label");
                case RareLabelPolicy.Drop:
                    var dropped = rare.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
                    kept = kept.Where(c => !dropped.Contains(c.Label)).ToList();
                    break;
                case RareLabelPolicy.Other:
                    var merged = rare.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
                    kept = kept.Select(c => merged.Contains(c.Label) ? c with { Label = options.OtherLabel } : c).ToList();
                    break;
            }

            counts = CountLabels(kept);
        }

        if (counts.Count < 2)
        {
            throw new WrenException(counts.Count == 0
                ? $"no labelled examples in {string.Join(", ", source.Settings.Sources)} ({source.Unlabelled} document(s) without a label)"
                : $"only one label ('{counts.Keys.First()}', {counts.Values.First()} examples): a classifier needs at least two");
        }

        var rareCounts = rare.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return Write(kept, kept, source, options, rareCounts, conflicting, (bySplit, definition) => definition with
        {
            Labels = counts.Keys.Order(StringComparer.Ordinal).ToList(),
            Counts = TaskSplits.All.ToDictionary(s => s, s => (IReadOnlyDictionary<string, int>)CountLabels(bySplit[s]), StringComparer.Ordinal),
            Dropped = new SortedDictionary<string, int>(StringComparer.Ordinal)
            {
                ["duplicates"] = duplicates,
                ["unlabelled"] = source.Unlabelled,
                ["empty"] = source.Empty,
                ["rare"] = options.RareLabels == RareLabelPolicy.Drop ? rareExamples : 0,
                ["unreadable"] = source.Errors.Count,
            },
        });
    }

    /// <summary>
    /// A generate or extract task: no label set, so nothing is rare and the split keeps groups together without
    /// stratifying. For extract, every output is a JSON object brought to the task's schema (given, or inferred from
    /// all the outputs), and one that still does not validate is left out and counted.
    /// </summary>
    private static TaskBuildResult BuildWriting(IReadOnlyList<TaskCandidate> candidates, TaskCandidateSource source, TaskBuildOptions options)
    {
        if (!TaskDefinition.Kinds.Contains(options.Kind)) throw new WrenException($"kind '{options.Kind}' is not {string.Join(", ", TaskDefinition.Kinds)}");
        var kept = Deduplicate(candidates, out int duplicates, out int conflicting);
        JsonObject? schema = null;
        int invalid = 0;
        if (options.Kind == TaskDefinition.ExtractKind)
        {
            var objects = kept.Select(c => JsonNode.Parse(c.Label) as JsonObject ?? throw new WrenException($"{c.Source}: the output is not a JSON object")).ToList();
            var fields = objects.SelectMany(o => o.Select(p => p.Key)).Distinct(StringComparer.Ordinal).ToList();
            schema = options.SchemaJson is { } given
                ? JsonNode.Parse(given) as JsonObject ?? throw new WrenException("--schema is not a JSON object")
                : ExtractSchema.Infer(objects, fields);
            var compiled = JsonSchema.FromText(schema.ToJsonString());
            var valid = new List<TaskCandidate>(kept.Count);
            for (int i = 0; i < kept.Count; i++)
            {
                var typed = ExtractSchema.Coerce(objects[i], schema);
                if (ExtractSchema.Check(typed, compiled) is not null)
                {
                    invalid++;
                    continue;
                }

                valid.Add(kept[i] with { Label = typed.ToJsonString() });
            }

            kept = valid;
        }

        if (kept.Count == 0)
            throw new WrenException($"no examples in {string.Join(", ", source.Settings.Sources)} ({source.Unlabelled} without an output, {invalid} not valid against the schema)");
        // One stratum: the split deals groups by size alone.
        return Write(kept, kept.Select(c => c with { Label = "" }).ToList(), source, options, new Dictionary<string, int>(), conflicting, (bySplit, definition) => definition with
        {
            Schema = schema,
            Counts = TaskSplits.All.ToDictionary(s => s, s => (IReadOnlyDictionary<string, int>)new Dictionary<string, int> { ["examples"] = bySplit[s].Count }, StringComparer.Ordinal),
            Dropped = new SortedDictionary<string, int>(StringComparer.Ordinal)
            {
                ["duplicates"] = duplicates,
                ["no_output"] = source.Unlabelled,
                ["empty"] = source.Empty,
                ["invalid"] = invalid,
                ["unreadable"] = source.Errors.Count,
            },
        });
    }

    /// <summary>
    /// Splits the examples (by group, stratified by the labels of <paramref name="splitBy"/>), writes the task folder
    /// and says what was written; <paramref name="complete"/> adds what depends on the kind (labels, schema, counts,
    /// what was dropped) to the definition every kind shares.
    /// </summary>
    private static TaskBuildResult Write(List<TaskCandidate> kept, IReadOnlyList<TaskCandidate> splitBy, TaskCandidateSource source, TaskBuildOptions options,
        IReadOnlyDictionary<string, int> rare, int conflicting, Func<Dictionary<string, List<TaskExample>>, TaskDefinition, TaskDefinition> complete)
    {
        var splits = TaskSplitter.Split(splitBy, options.Seed, options.ValidationFraction, options.TestFraction);
        var bySplit = TaskSplits.All.ToDictionary(s => s, _ => new List<TaskExample>(), StringComparer.Ordinal);
        for (int i = 0; i < kept.Count; i++) bySplit[splits[i]].Add(new TaskExample(kept[i].Input, kept[i].Label, kept[i].Source, splits[i]));
        var definition = complete(bySplit, new TaskDefinition
        {
            Name = options.Name,
            Kind = options.Kind,
            Labels = [],
            InputTemplate = source.InputTemplate,
            OutputTemplate = source.OutputTemplate,
            Builder = source.Settings,
            Seed = options.Seed,
            ValidationFraction = options.ValidationFraction,
            TestFraction = options.TestFraction,
        });
        TaskFolder.Write(options.OutputFolder, definition, bySplit[TaskSplits.Train], bySplit[TaskSplits.Validation], bySplit[TaskSplits.Test]);
        return new TaskBuildResult
        {
            Definition = definition,
            Folder = options.OutputFolder,
            Errors = source.Errors,
            RareLabels = rare,
            ConflictingDuplicates = conflicting,
        };
    }

    /// <summary>Keeps the first copy of every input (whitespace-trimmed, compared exactly).</summary>
    private static List<TaskCandidate> Deduplicate(IReadOnlyList<TaskCandidate> candidates, out int duplicates, out int conflicting)
    {
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        var kept = new List<TaskCandidate>(candidates.Count);
        duplicates = conflicting = 0;
        foreach (var c in candidates)
        {
            if (first.TryGetValue(c.Input, out string? label))
            {
                duplicates++;
                if (label != c.Label) conflicting++;
                continue;
            }

            first[c.Input] = c.Label;
            kept.Add(c);
        }

        return kept;
    }

    private static SortedDictionary<string, int> CountLabels<T>(IEnumerable<T> items) where T : notnull
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            string label = item switch { TaskCandidate c => c.Label, TaskExample e => e.Output, _ => throw new ArgumentException("not an example") };
            counts[label] = counts.GetValueOrDefault(label) + 1;
        }

        return counts;
    }
}
