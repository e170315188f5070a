using System.Globalization;
using Wren.Eval.Reports;
using Wren.Eval.Scoring;
using Wren.Eval.Tasks;
using Wren.Pipeline.Build.Events;
using Wren.Pipeline.Build.Recipe;
using Wren.Pipeline.Evaluation;
using Wren.Runtime;
using Wren.Training.Trainer;

namespace Wren.Pipeline.Build.Stages;

/// <summary>
/// Scores the trained model on the held-out documents (perplexity, bits per byte, a cloze task made from them)
/// and on any task files the recipe names; writes DIR/eval/eval.json and eval.html as <c>wren eval</c> does.
/// </summary>
internal sealed class EvalBuildStage : IBuildStage
{
    public const string HeldOutFile = "heldout.jsonl";
    public const string ResultsFile = "eval.json";

    public string Name => BuildStages.Eval;

    public string Description => "score the model on held-out documents";

    public IReadOnlyList<string> Upstream => [BuildStages.Curate, BuildStages.Train];

    public string RecipeSection(BuildContext context) =>
        BuildRecipeYaml.Canonical(new { eval = context.Recipe.Eval, val_fraction = context.Recipe.Tokens.ValFraction });

    public IReadOnlyList<string> InputFiles(BuildContext context) => context.Recipe.Eval.Files.Select(f => TaskPath(context, f).Path).ToList();

    public IReadOnlyList<string> HashedOutputs(BuildContext context) => [context.PathOf(Name, ResultsFile)];

    public Task<StageOutcome> RunAsync(BuildContext context, CancellationToken cancellationToken)
    {
        var section = context.Recipe.Eval;
        var heldOut = HeldOutDocuments.Read(context.PathOf(BuildStages.Curate, CurateBuildStage.CuratedFolder), context.Recipe.Tokens.ValFraction);
        string heldOutPath = context.PathOf(Name, HeldOutFile);
        Directory.CreateDirectory(context.StageDirectory(Name));
        HeldOutDocuments.WriteJsonl(heldOut, heldOutPath);
        var entries = new List<string>();
        foreach (string task in section.Tasks)
        {
            switch (task)
            {
                case "perplexity": entries.Add("ppl:" + heldOutPath); break;
                case "cloze": entries.Add("cloze:" + heldOutPath); break;
                default: throw new WrenException($"recipe eval.tasks: '{task}' is not a built-in task (perplexity, cloze); name task files under eval.files");
            }
        }
        if (heldOut.Count == 0 && entries.Count > 0)
        {
            context.Observer.Note("no held-out documents (raise tokens.val_fraction); only eval.files are scored");
            entries.Clear();
        }
        foreach (string file in section.Files)
        {
            var (kind, path) = TaskPath(context, file);
            entries.Add(kind + path);
        }
        var report = new EvalReport
        {
            Models = [],
            Settings = new Dictionary<string, string>
            {
                ["tasks"] = string.Join(",", entries),
                ["limit"] = section.Limit > 0 ? section.Limit.ToString(CultureInfo.InvariantCulture) : "all",
                ["shots"] = "0",
                ["target_delimiter"] = " ",
            },
        };
        if (entries.Count > 0)
        {
            var tasks = EvalTaskLoader.Load(string.Join(",", entries), null, new ClozeOptions { MaxItems = section.ClozeItems }, context.Observer.Warning)
                .Select(t => t.Limit(section.Limit > 0 ? section.Limit : null)).ToList();
            string model = context.PathOf(BuildStages.Train, TrainingLoop.ModelFolderName);
            ModelReport modelReport;
            using (var progress = context.Observer.BeginProgress())
            {
                modelReport = ModelEvaluation.Run(model, tasks, new EvalRunOptions(), new ScorerOptions(), progress, null, cancellationToken);
            }
            report = report with { Models = [modelReport] };
            context.Observer.Reported(new EvaluationFinished(report));
        }
        EvalReportJson.Write(report, context.PathOf(Name, ResultsFile));
        if (report.Models.Count > 0) EvalHtmlReport.Write(report, context.PathOf(Name, "eval.html"));
        var metrics = new Dictionary<string, double> { ["heldout_documents"] = heldOut.Count };
        foreach (var score in report.Models.SelectMany(m => m.Tasks))
        {
            metrics[score.Task + "/count"] = score.Count;
            foreach (var (metric, value) in score.Metrics)
            {
                if (double.IsFinite(value)) metrics[score.Task + "/" + metric] = value;
            }
        }
        return Task.FromResult(new StageOutcome(
            report.Models.Count > 0 ? [Path.Combine(Name, ResultsFile), Path.Combine(Name, "eval.html"), Path.Combine(Name, HeldOutFile)] : [Path.Combine(Name, ResultsFile)],
            metrics));
    }

    /// <summary>A recipe eval.files entry: its kind prefix ("mc:" or "") and its path resolved from the recipe's folder.</summary>
    private static (string Kind, string Path) TaskPath(BuildContext context, string entry)
    {
        int colon = entry.IndexOf(':');
        string kind = colon > 1 ? entry[..(colon + 1)] : "";
        string path = colon > 1 ? entry[(colon + 1)..] : entry;
        return (kind, System.IO.Path.GetFullPath(path, context.RecipeDirectory));
    }
}
