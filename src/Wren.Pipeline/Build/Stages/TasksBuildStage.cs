using System.Globalization;
using Wren.Data.Documents;
using Wren.Data.Tasks;
using Wren.Data.Teacher;
using Wren.Eval.Classification;
using Wren.Eval.Writing;
using Wren.Pipeline.Build.Events;
using Wren.Pipeline.Build.Recipe;
using Wren.Pipeline.Tasks;
using Wren.Training.Classification;

namespace Wren.Pipeline.Build.Stages;

/// <summary>
/// The recipe's targeted tasks, after the general model: for each, its examples (DIR/tasks/NAME/data, as
/// <c>wren task data</c>), a model trained for it (DIR/tasks/NAME/run, as <c>wren task train</c>, pretrained on the
/// task's inputs and the curated documents) and its measurement beside the baselines (DIR/tasks/NAME/eval/task.html
/// and eval.json, as <c>wren task eval</c>).
/// </summary>
internal sealed class TasksBuildStage : IBuildStage
{
    public const string DataFolder = "data";
    public const string RunFolder = "run";
    public const string EvalFolder = "eval";

    public string Name => BuildStages.Tasks;

    public string Description => "build each task's examples, train its model, measure it beside the baselines";

    public IReadOnlyList<string> Upstream => [BuildStages.Curate];

    public string RecipeSection(BuildContext context) => BuildRecipeYaml.Canonical(new { tasks = context.Recipe.Tasks });

    public IReadOnlyList<string> InputFiles(BuildContext context) =>
        context.Recipe.Tasks.SelectMany(t => Sources(context, t).Concat(t.BaseModel is null ? [] : [Resolve(context, t.BaseModel)])).Distinct().ToList();

    public IReadOnlyList<string> HashedOutputs(BuildContext context) =>
        context.Recipe.Tasks.Select(t => context.PathOf(Name, t.Name, EvalFolder, TaskEvaluation.JsonFile)).ToList();

    public async Task<StageOutcome> RunAsync(BuildContext context, CancellationToken cancellationToken)
    {
        var outputs = new List<string>();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (context.Recipe.Tasks.Count == 0)
        {
            context.Observer.Note("the recipe has no tasks (see tasks: in `wren init`)");
            return new StageOutcome(outputs, metrics);
        }

        foreach (var task in context.Recipe.Tasks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string folder = context.PathOf(Name, task.Name);
            TaskBuildResult data;
            using (var progress = context.Observer.BeginProgress())
            {
                var resolved = task.Schema is null ? task : task with { Schema = Resolve(context, task.Schema) };
                data = await TaskDataBuild.RunAsync(resolved, Sources(context, task), Path.Combine(folder, DataFolder), context.Threads, progress, cancellationToken).ConfigureAwait(false);
            }

            var set = TaskFolder.Load(data.Folder);
            if (task.Kind != TaskDefinition.ClassifyKind)
            {
                await RunWritingAsync(context, task, set, folder, outputs, metrics, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var options = TrainerOptions(context, task, set, Path.Combine(folder, RunFolder));
            // Each learning-curve point gets half the budget: the curve shows the trend; the task model gets the whole.
            var (model, _) = TaskTraining.Run(set, options, task.LearningCurve,
                (run, step) => context.Observer.Reported(new TaskTrainingProgressed(task.Name, run, step)), options.Time / 2, cancellationToken);
            TaskEvalReport report;
            using (var progress = context.Observer.BeginProgress())
            {
                report = TaskEvaluation.Run(new TaskEvaluationRequest
                {
                    Data = TaskEvalData.From(set),
                    Run = model.RunFolder,
                    OutputFolder = Path.Combine(folder, EvalFolder),
                }, progress, cancellationToken);
            }

            context.Observer.Reported(new TaskEvaluated(task.Name, data, report, folder));
            outputs.AddRange([Path.Combine(Name, task.Name, DataFolder), Path.Combine(Name, task.Name, RunFolder, "model"), Path.Combine(Name, task.Name, EvalFolder, TaskEvaluation.HtmlFile)]);
            string key = task.Name + "/";
            metrics[key + "accuracy"] = report.Model!.Metrics.Accuracy;
            metrics[key + "macro_f1"] = report.Model.Metrics.MacroF1;
            metrics[key + "latency_ms_p50"] = report.Model.LatencyP50Ms;
            metrics[key + "size_bytes"] = report.Model.SizeBytes;
            foreach (var b in report.Baselines)
            {
                metrics[key + b.Name + "_accuracy"] = b.Metrics.Accuracy;
                metrics[key + b.Name + "_macro_f1"] = b.Metrics.MacroF1;
                metrics[key + b.Name + "_latency_ms_p50"] = b.LatencyP50Ms;
                metrics[key + b.Name + "_size_bytes"] = b.SizeBytes;
            }

            metrics[key + "labels"] = set.Labels.Count;
            metrics[key + "train_examples"] = set.Train.Count;
            metrics[key + "test_examples"] = set.Test.Count;
            metrics[key + "parameters"] = model.Parameters;
            metrics[key + "training_cpu_seconds"] = model.CpuSeconds;
        }

        return new StageOutcome(outputs, metrics);
    }

    /// <summary>The task's sources: its own (relative to the recipe), else the build's.</summary>
    /// <summary>A generate or extract task: its base model fine-tuned on the examples, then measured beside the base zero-shot, the teacher and the baselines.</summary>
    private async Task RunWritingAsync(BuildContext context, TaskSection task, TaskDataSet set, string folder, List<string> outputs, Dictionary<string, double> metrics,
        CancellationToken cancellationToken)
    {
        string baseModel = task.BaseModel is null
            ? throw new Runtime.WrenException($"task {task.Name}: a {task.Kind} task is fine-tuned from a base model: give base_model (a Hugging Face folder with a chat template)")
            : Resolve(context, task.BaseModel);
        string run = Path.Combine(folder, RunFolder);
        using (var progress = context.Observer.BeginProgress())
        {
            WritingTaskTraining.Run(set.WithValidation(task.Seed), new WritingTrainOptions
            {
                OutputFolder = run,
                BaseModel = baseModel,
                Lora = task.Method != "full",
                Time = TimeSpan.FromMinutes(task.Minutes),
                Threads = context.Threads,
                TaskName = task.Name,
                DataOrigin = set.Origin,
            }, progress: progress, cancellationToken: cancellationToken);
        }

        WritingEvalReport report;
        using (var progress = context.Observer.BeginProgress())
        {
            report = await WritingTaskEvaluation.RunAsync(new WritingEvaluationRequest
            {
                Data = set,
                Run = run,
                Teacher = task.TeacherUrl is null ? null : new TeacherOptions
                {
                    Endpoint = new Uri(task.TeacherUrl),
                    Model = task.TeacherModel ?? throw new Runtime.WrenException($"task {task.Name}: teacher_url needs teacher_model"),
                    ApiKeyVariable = task.TeacherKeyEnv,
                    Temperature = 0,
                    Concurrency = 1,
                    CacheFolder = Path.Combine(folder, EvalFolder, "teacher-cache"),
                },
                OutputFolder = Path.Combine(folder, EvalFolder),
            }, progress, cancellationToken).ConfigureAwait(false);
        }

        context.Observer.Note($"task {task.Name}: {report.Verdict}");
        outputs.AddRange([Path.Combine(Name, task.Name, DataFolder), Path.Combine(Name, task.Name, RunFolder, "model"), Path.Combine(Name, task.Name, EvalFolder, TaskEvaluation.HtmlFile)]);
        string key = task.Name + "/";
        foreach (var s in report.Systems.Where(s => s.Error is null))
        {
            string prefix = key + (s.IsTaskModel ? "" : s.Name.Replace(' ', '_') + "_");
            if (s.Generation is { } g)
            {
                metrics[prefix + "exact_match"] = g.ExactMatch;
                metrics[prefix + "token_f1"] = g.TokenF1;
                metrics[prefix + "rouge_lsum"] = g.RougeLsum;
                metrics[prefix + "chrf"] = g.ChrF;
            }

            if (s.Extraction is { } x)
            {
                metrics[prefix + "validity"] = x.Validity;
                metrics[prefix + "field_f1"] = x.TokenF1;
                metrics[prefix + "field_exact_match"] = x.ExactMatch;
            }

            metrics[prefix + "latency_ms_p50"] = s.LatencyMsP50;
        }

        metrics[key + "train_examples"] = set.Train.Count;
        metrics[key + "test_examples"] = set.Test.Count;
    }

    internal static IReadOnlyList<string> Sources(BuildContext context, TaskSection task) =>
        task.Sources.Count > 0 ? task.Sources.Select(s => Resolve(context, s)).ToList() : context.Sources;

    private static string Resolve(BuildContext context, string path) => Path.GetFullPath(path, context.RecipeDirectory);

    private static ClassifierTrainerOptions TrainerOptions(BuildContext context, TaskSection task, TaskDataSet set, string run) => new()
    {
        OutputFolder = run,
        TaskName = task.Name,
        DataOrigin = set.Origin,
        BaseModel = task.BaseModel is null ? null : Resolve(context, task.BaseModel),
        Lora = task.Method == "full" ? null : new ClassifierTrainerOptions { OutputFolder = run }.Lora,
        Time = TimeSpan.FromMinutes(task.Minutes),
        Clock = task.Clock == "cpu" ? TrainingClockKind.Cpu : TrainingClockKind.Wall,
        Corpus = task.PretrainOnCurated ? Corpus(context, set) : [],
        Threads = context.Threads,
    };

    /// <summary>
    /// The curated documents as unlabelled text to pretrain on, without those the task validates or tests on: a message
    /// of the test split must not be pretrained on, even without its label.
    /// </summary>
    private static IReadOnlyList<string> Corpus(BuildContext context, TaskDataSet set)
    {
        string curated = context.PathOf(BuildStages.Curate, CurateBuildStage.CuratedFolder);
        if (DocumentShardReader.ShardFiles(curated).Count == 0) return [];
        var heldOut = set.Validation.Concat(set.Test).Select(e => e.Source).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var texts = new List<string>();
        foreach (var document in DocumentShardReader.Read(curated))
        {
            string source = document.Source;
            int hash = source.IndexOf('#', StringComparison.Ordinal);
            if (heldOut.Contains(source) || (hash > 0 && heldOut.Contains(source[..hash]))) continue;
            texts.Add(document.Text);
        }

        return texts;
    }

    internal static string Headline(IReadOnlyDictionary<string, double> m)
    {
        var c = CultureInfo.InvariantCulture;
        var names = m.Keys.Where(k => k.EndsWith("/accuracy", StringComparison.Ordinal)).Select(k => k[..^"/accuracy".Length]);
        return string.Join("; ", names.Select(n => string.Create(c,
            $"{n}: accuracy {m[n + "/accuracy"]:P1} vs TF-IDF {m.GetValueOrDefault(n + "/tfidf_logreg_accuracy"):P1}, majority {m.GetValueOrDefault(n + "/majority_accuracy"):P1}")));
    }
}
