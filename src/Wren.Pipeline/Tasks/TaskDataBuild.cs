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
    public static readonly IReadOnlyList<string> Builders = ["records", "folders", "mail-headers", MailReplyPairs.BuilderKind];

    public static async Task<TaskBuildResult> RunAsync(TaskSection task, IReadOnlyList<string> sources, string folder, int threads,
        IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        if (!TaskDefinition.Kinds.Contains(task.Kind)) throw new WrenException($"task {task.Name}: kind '{task.Kind}' is not {string.Join(", ", TaskDefinition.Kinds)}");
        if (task.From == MailReplyPairs.BuilderKind) return MailReplies(task, sources, folder, cancellationToken);
        if (task.Kind != TaskDefinition.ClassifyKind && task.From != "records")
            throw new WrenException($"task {task.Name}: a {task.Kind} task is made from records{(task.Kind == TaskDefinition.GenerateKind ? " or mail-replies" : "")}, not from {task.From}");
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
            Kind = task.Kind,
            SchemaJson = task.Schema is null ? null : ExtractSchema.Load(task.Schema).ToJsonString(),
        };
        return await TaskBuilder.BuildAsync(CandidateSource(task, sources, options), build, progress, cancellationToken).ConfigureAwait(false);
    }

    private static TaskCandidateSource CandidateSource(TaskSection task, IReadOnlyList<string> sources, SourceOptions options) => task.From switch
    {
        "records" when task.Kind == TaskDefinition.ExtractKind => new RecordCandidateSource(sources,
            Required(task.Input, "an extract task from records needs an input template, such as \"{subject}\\n\\n{body}\""),
            task.Fields.Count > 0 ? task.Fields : throw new WrenException($"task {task.Name}: an extract task needs fields, the columns of its output object (--fields queue,priority)"),
            options, task.Group),
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

    /// <summary>A generate task of mail replies (<see cref="MailReplyPairs"/>): each message answered in the sources and its reply.</summary>
    private static TaskBuildResult MailReplies(TaskSection task, IReadOnlyList<string> sources, string folder, CancellationToken cancellationToken)
    {
        if (task.Kind != TaskDefinition.GenerateKind) throw new WrenException($"task {task.Name}: mail-replies makes a generate task (the reply is text), not {task.Kind}");
        var result = MailReplyPairs.Write(new MailReplyOptions
        {
            Sources = sources,
            Name = task.Name,
            Seed = task.Seed,
            ValidationFraction = task.Val,
            TestFraction = task.Test,
        }, folder, cancellationToken);
        if (result.Train.Count == 0) throw new WrenException($"task {task.Name}: no reply in {string.Join(", ", sources)} answers a message that is also there");
        return new TaskBuildResult
        {
            Definition = result.Definition,
            Folder = folder,
            Errors = result.Errors.Select(e => new IngestError(e.Split(':')[0], e)).ToList(),
            RareLabels = new Dictionary<string, int>(),
            ConflictingDuplicates = 0,
        };
    }

    private static string Required(string? value, string message) => string.IsNullOrEmpty(value) ? throw new WrenException(message) : value;

    public static RareLabelPolicy ParseRare(string rare) => rare switch
    {
        "refuse" => RareLabelPolicy.Refuse,
        "drop" => RareLabelPolicy.Drop,
        "other" => RareLabelPolicy.Other,
        _ => throw new WrenException($"rare '{rare}' is not refuse, drop or other"),
    };
}
