using Wren.Data.Sources;
using Wren.Data.Tasks;
using Wren.Pipeline.Build.Recipe;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;

namespace Wren.Pipeline.Tasks;

/// <summary>
/// What <c>wren task data</c> and the build's task stage share: a task's builder (records, folders or mail headers)
/// over its sources, and the task folder it writes (task.json, train/val/test.jsonl).
/// </summary>
public static class TaskDataBuild
{
    public static readonly IReadOnlyList<string> Builders = ["records", "folders", "mail-headers"];

    public static async Task<TaskBuildResult> RunAsync(TaskSection task, IReadOnlyList<string> sources, string folder, int threads,
        IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        var options = new SourceOptions { Include = task.Include, Exclude = task.Exclude, Sql = task.Sql, Connection = task.Connection, Threads = Math.Max(1, threads) };
        var build = new TaskBuildOptions
        {
            Name = task.Name,
            OutputFolder = folder,
            Seed = task.Seed,
            ValidationFraction = task.Val,
            TestFraction = task.Test,
            MinPerLabel = task.MinPerLabel,
            RareLabels = ParseRare(task.Rare),
            OtherLabel = task.OtherLabel,
        };
        return await TaskBuilder.BuildAsync(CandidateSource(task, sources, options), build, progress, cancellationToken).ConfigureAwait(false);
    }

    private static TaskCandidateSource CandidateSource(TaskSection task, IReadOnlyList<string> sources, SourceOptions options) => task.From switch
    {
        "records" => new RecordCandidateSource(sources,
            Required(task.Input, "from records needs an input template, such as \"{subject}\\n\\n{body}\""),
            Required(task.Output, "from records needs an output template (the label), such as \"{queue}\""),
            options, task.Group),
        "folders" => new FolderCandidateSource(sources, task.Map, options, task.Input),
        "mail-headers" => new MailHeaderCandidateSource(sources,
            new MailLabelRule(Required(task.LabelHeader, "from mail-headers needs the label's header, e.g. List-Id or X-Folder"), string.IsNullOrEmpty(task.LabelRegex) ? null : task.LabelRegex),
            options, task.Input),
        _ => throw new WrenException($"task {task.Name}: from '{task.From}' is not records, folders or mail-headers"),
    };

    private static string Required(string? value, string message) => string.IsNullOrEmpty(value) ? throw new WrenException(message) : value;

    public static RareLabelPolicy ParseRare(string rare) => rare switch
    {
        "refuse" => RareLabelPolicy.Refuse,
        "drop" => RareLabelPolicy.Drop,
        "other" => RareLabelPolicy.Other,
        _ => throw new WrenException($"rare '{rare}' is not refuse, drop or other"),
    };
}
