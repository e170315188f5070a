using System.Diagnostics;
using Wren.Data.Curation.Dedup;
using Wren.Data.Curation.Recipe;
using Wren.Data.Curation.Report;
using Wren.Data.Documents;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;

namespace Wren.Data.Curation.Pipeline;

/// <summary>
/// Runs a curation recipe over input shards as stages of tasks: map (per-document steps), then,
/// when dedup or boilerplate removal is on, signatures, buckets and cluster, then finalize, and
/// finally stats.json and report.html. Every task writes atomically and leaves a completion marker,
/// so <see cref="CurationRunOptions.Resume"/> continues an interrupted run; outputs are numbered by
/// input shard and each shard is processed in order, so the result does not depend on threads.
/// </summary>
public static class CurationPipeline
{
    public static CurationStatistics Run(CurationRunOptions options, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var layout = new CurationLayout(options.OutputDirectory);
        var recipe = options.Recipe;
        // Serialized once: the run folder keeps it (to check a resumed run) and the report shows it.
        string recipeYaml = RecipeYaml.Serialize(recipe);
        PrepareFolder(layout, options, recipeYaml);
        var steps = StepFactory.DocumentSteps(recipe);
        var executor = options.Executor ?? new LocalExecutor(options.Threads);
        int shards = options.Inputs.Count;
        executor.Run(layout, Stages(layout, options.Inputs, steps, recipe), options.Progress, cancellationToken);
        return WriteOutputs(layout, recipe, shards, options.Threads, stopwatch.Elapsed.TotalSeconds, options.WriteReport, recipeYaml);
    }

    /// <summary>The stages a recipe needs, in order (also what a cluster executor would submit, one job array each).</summary>
    public static List<ICurationStage> Stages(CurationLayout layout, IReadOnlyList<string> inputs, IReadOnlyList<IDocumentStep> steps, CurationRecipe recipe)
    {
        int shards = inputs.Count;
        bool dedup = recipe.Dedup.Exact || recipe.Dedup.Near;
        var kinds = new SourceKinds(recipe.Kinds);
        var stages = new List<ICurationStage> { new MapStage(layout, inputs, steps, kinds) };
        if (dedup || recipe.Boilerplate.Enabled)
        {
            stages.Add(new SignatureStage(layout, shards, recipe.Dedup, recipe.Boilerplate));
            if (dedup)
            {
                stages.Add(new BucketStage(layout, shards, recipe.Dedup));
            }
            stages.Add(new ClusterStage(layout, shards, recipe.Dedup, recipe.Boilerplate));
        }
        stages.Add(new FinalizeStage(layout, shards, dedup, recipe.Boilerplate, kinds));
        return stages;
    }

    /// <summary>
    /// Runs one task of a run that <see cref="Run"/> prepared in <paramref name="outputDirectory"/> (its recipe
    /// and input list are stored there), unless it is already done: what <c>wren curate-task</c> does on a
    /// cluster node. Returns whether the task ran.
    /// </summary>
    public static bool RunTask(string outputDirectory, string stageName, int task, CancellationToken cancellationToken = default)
    {
        var layout = new CurationLayout(outputDirectory);
        if (!File.Exists(layout.RecipeFile) || !File.Exists(layout.InputsFile))
        {
            throw new WrenException($"{layout.Root}: not a prepared curation run (no {layout.RecipeFile} or {layout.InputsFile}); start it with wren curate");
        }
        var recipe = RecipeYaml.Load(layout.RecipeFile);
        var inputs = ReadInputs(layout);
        // Only the map stage runs the per-document steps; building them (language models, the quality
        // model) for another stage's task would only cost time.
        var steps = stageName == "map" ? StepFactory.DocumentSteps(recipe) : [];
        var stages = Stages(layout, inputs, steps, recipe);
        var stage = stages.FirstOrDefault(s => s.Name == stageName)
            ?? throw new WrenException($"{layout.Root}: this run has no stage '{stageName}' (its stages: {string.Join(", ", stages.Select(s => s.Name))})");
        return CurationTasks.Run(layout, stage, task, cancellationToken);
    }

    /// <summary>The input shards a prepared run stored in <c>work/inputs.txt</c>.</summary>
    public static List<string> ReadInputs(CurationLayout layout) =>
        File.ReadAllText(layout.InputsFile).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>Merges the task statistics into stats.json and renders report.html.</summary>
    /// <param name="recipeYaml"><see cref="RecipeYaml.Serialize"/> of <paramref name="recipe"/>, when the caller has it already.</param>
    public static CurationStatistics WriteOutputs(CurationLayout layout, CurationRecipe recipe, int shards, int threads, double wallSeconds, bool writeReport, string? recipeYaml = null)
    {
        var tasks = new List<StepStatistics[]>();
        foreach (string stage in new[] { "map", "finalize" })
        {
            for (int t = 0; t < shards; t++)
            {
                string path = layout.TaskStats(stage, t);
                if (File.Exists(path))
                {
                    tasks.Add(StatisticsJson.ReadTaskStats(path));
                }
            }
        }
        var statistics = CurationStatistics.Build(tasks, shards, threads, wallSeconds, ClusterStage.ReadSummary(layout));
        AtomicFile.WriteAllText(layout.StatsFile, System.Text.Json.JsonSerializer.Serialize(statistics, StatisticsJson.Options));
        if (writeReport)
        {
            AtomicFile.WriteAllText(layout.ReportFile, HtmlReport.Render(statistics, recipeYaml ?? RecipeYaml.Serialize(recipe)));
        }
        return statistics;
    }

    /// <summary>
    /// A fresh run clears earlier outputs; a resumed run checks that the recipe and inputs are those
    /// of the interrupted run (mixing two recipes in one output would account for nothing).
    /// </summary>
    private static void PrepareFolder(CurationLayout layout, CurationRunOptions options, string recipeText)
    {
        string inputsText = string.Join('\n', options.Inputs.Select(Path.GetFullPath));
        // Temporary files of killed runs (their writers are gone) would otherwise stay forever.
        LeftoverFiles.RemoveDeadWriters(layout.Root);
        if (options.Resume && Directory.Exists(layout.Work))
        {
            string? previousRecipe = File.Exists(layout.RecipeFile) ? File.ReadAllText(layout.RecipeFile) : null;
            string? previousInputs = File.Exists(layout.InputsFile) ? File.ReadAllText(layout.InputsFile) : null;
            if (previousRecipe != recipeText)
            {
                throw new WrenException($"{layout.Root}: the recipe differs from the interrupted run's; rerun without --resume to start over");
            }
            if (previousInputs != inputsText)
            {
                throw new WrenException($"{layout.Root}: the input shards differ from the interrupted run's; rerun without --resume to start over");
            }
            if (!File.Exists(layout.InputStateFile))
            {
                throw new WrenException($"{layout.Root}: cannot resume: the interrupted run recorded no sizes or hashes of its inputs, so changes cannot be ruled out; rerun without --resume to start over");
            }
            if (InputFingerprint.FirstChange(File.ReadAllText(layout.InputStateFile), options.Inputs) is string change)
            {
                throw new WrenException($"{layout.Root}: cannot resume: {change} since the interrupted run; rerun without --resume to start over");
            }
            return;
        }
        foreach (string dir in new[] { layout.Curated, layout.Rejected, layout.Map, layout.MapRejected, layout.Dedup, layout.Stats, layout.Done, layout.Logs })
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        AtomicFile.TryDelete(layout.StatsFile);
        AtomicFile.TryDelete(layout.ReportFile);
        Directory.CreateDirectory(layout.Work);
        AtomicFile.WriteAllText(layout.RecipeFile, recipeText);
        AtomicFile.WriteAllText(layout.InputsFile, inputsText);
        AtomicFile.WriteAllText(layout.InputStateFile, InputFingerprint.Describe(options.Inputs));
    }

    /// <summary>
    /// Runs the per-document steps over the first <paramref name="sample"/> documents in memory and
    /// returns their statistics, writing nothing (<c>wren curate --dry-run</c>).
    /// </summary>
    public static StepStatistics[] DryRun(IEnumerable<Document> documents, CurationRecipe recipe, int sample)
    {
        var chain = new StepChain(StepFactory.DocumentSteps(recipe));
        var kinds = new SourceKinds(recipe.Kinds);
        foreach (var document in documents.Take(sample))
        {
            chain.Run(new WorkingDocument(document) { Kind = kinds.KindOf(document) });
        }
        return chain.Complete();
    }

    /// <summary>One document's path through the per-document steps (<c>wren curate --explain ID</c>); null when no input holds the id.</summary>
    public static DocumentExplanation? Explain(IEnumerable<Document> documents, CurationRecipe recipe, string id)
    {
        foreach (var document in documents)
        {
            if (document.Id != id)
            {
                continue;
            }
            var chain = new StepChain(StepFactory.DocumentSteps(recipe));
            var trace = new List<StepTrace>();
            string kind = new SourceKinds(recipe.Kinds).KindOf(document);
            var rejection = chain.Run(new WorkingDocument(document) { Kind = kind }, trace);
            return new DocumentExplanation(document, kind, trace, rejection);
        }
        return null;
    }
}
