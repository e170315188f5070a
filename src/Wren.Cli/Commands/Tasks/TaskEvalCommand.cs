using System.CommandLine;
using Spectre.Console;
using Wren.Cli.Tasks;
using Wren.Cli.Terminal;
using Wren.Data.Tasks;
using Wren.Eval.Classification;
using Wren.Runtime;
using Wren.Runtime.Classification;
using Wren.Training.Classification;

namespace Wren.Cli.Commands.Tasks;

/// <summary><c>wren task eval</c>: a task model beside its baselines on the test split (<see cref="TaskEvaluator"/>).</summary>
internal static class TaskEvalCommand
{
    internal static Command Create(CliConsole console)
    {
        var model = new Option<string?>("--model", "-m") { Description = "A task run folder (wren task train); without it only the baselines are measured" };
        var modelFile = new Option<string?>("--model-file") { Description = "Evaluate another copy of the run's model instead of RUN/model, e.g. its quantized export (wren export gguf --type q8_0)" };
        var data = new Option<string>("--data", "-d") { Description = "A task folder (its test split is measured, its training split trains the baselines) or a JSONL file of test examples", Required = true };
        var train = new Option<string?>("--train") { Description = "Training examples for the baselines when --data is a test file (default: the task data the run was trained on)" };
        var baseModel = new Option<string?>("--base") { Description = "Also measure this base model zero-shot and few-shot (default: the run's base model, if it has one)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object {task, kind, n, accuracy, macro_f1, per_class, latency_ms_p50, latency_ms_p95, baselines: {...}} instead of tables" };
        var output = new Option<string?>("--out", "-o") { Description = "Write DIR/task.html (table, confusion heat map, worst errors, learning curve) and DIR/eval.json" };
        var noBaselines = new Option<bool>("--no-baselines") { Description = "Measure the task model only" };
        var noCurve = new Option<bool>("--no-learning-curve") { Description = "Skip the TF-IDF learning curve (two more fits)" };

        var command = new Command("eval",
            "Measure a task model on the test split beside the baselines a user would compare it with, each trained on the same training examples: " +
            "the majority class, TF-IDF word 1-2-grams + logistic regression (ML.NET), and with a base model that model zero-shot and few-shot. " +
            "Prints accuracy, macro-F1, per-label precision and recall, the confusion matrix, latency per example (one at a time, one thread) " +
            "and size on disk, and says plainly when a baseline wins.\n\n" +
            "Example: wren task eval --model runs/route --data tasks/route --out runs/route/eval\n" +
            "Example: wren task eval --model runs/route --data tasks/route/test.jsonl --json");
        foreach (var o in new Option[] { model, modelFile, data, train, baseModel, json, output, noBaselines, noCurve })
            command.Options.Add(o);

        CliAction.Set(command, console, (parse, ct) =>
        {
            string? run = parse.GetValue(model);
            var manifest = run is null ? null : ClassifierManifest.Load(run);
            string dataPath = parse.GetValue(data)!;
            var (trainSet, validationSet, testSet, labels, name) = Splits(dataPath, parse.GetValue(train) ?? manifest?.Data, manifest);
            bool asJson = parse.GetValue(json);
            // With --json, stdout carries the JSON alone; progress goes to stderr.
            var screen = asJson ? console.Error : console.Out;
            ModelTextClassifier? classifier = null;
            var curve = new List<(double, ITextClassifier)>();
            try
            {
                if (run is not null)
                {
                    classifier = ModelTextClassifier.Load(run, new ModelClassifierOptions { Workers = 1, ThreadsPerWorker = 1 }, parse.GetValue(modelFile));
                    if (parse.GetValue(modelFile) is null)
                    {
                        foreach (double fraction in LearningCurveTraining.Fractions)
                        {
                            string folder = LearningCurveTraining.CurveFolder(run, fraction);
                            if (File.Exists(Path.Combine(folder, ClassifierManifest.FileName)))
                                curve.Add((fraction, ModelTextClassifier.Load(folder, new ModelClassifierOptions { Workers = 1, ThreadsPerWorker = 1 })));
                        }
                    }
                }

                string? work = parse.GetValue(output);
                var options = new TaskEvalOptions
                {
                    TaskName = manifest?.Task ?? name,
                    Labels = manifest?.Labels ?? labels,
                    Train = trainSet,
                    Validation = validationSet,
                    Test = testSet,
                    Model = classifier,
                    ModelDescription = manifest is null ? "task model" : Describe(manifest, classifier!),
                    ModelSizeBytes = run is null ? 0 : TaskEvaluator.SizeOnDisk(parse.GetValue(modelFile) ?? Path.Combine(run, manifest!.Model)),
                    ModelCurve = curve,
                    BaseModel = parse.GetValue(baseModel) ?? manifest?.BaseModel,
                    Baselines = !parse.GetValue(noBaselines),
                    LearningCurve = !parse.GetValue(noCurve),
                    WorkFolder = work,
                };
                if (options.Baselines && trainSet.Count == 0)
                    throw new WrenException($"{dataPath} has no training examples for the baselines: give --train, or --no-baselines");
                TaskEvalReport report;
                using (var progress = new SpectreProgressSink(screen))
                {
                    report = TaskEvaluator.Run(options, progress, ct);
                }

                if (manifest is not null) report = report with { Training = manifest.Training };
                if (work is not null)
                {
                    Directory.CreateDirectory(work);
                    TaskHtmlReport.Write(report, Path.Combine(work, "task.html"));
                    TaskEvalJson.Save(report, Path.Combine(work, "eval.json"));
                }

                if (asJson) console.Write(TaskEvalJson.Render(report));
                else TaskEvalTable.Write(console.Out, report, work);
            }
            finally
            {
                classifier?.Dispose();
                foreach (var (_, c) in curve) (c as IDisposable)?.Dispose();
            }

            return Task.FromResult(CliAction.Ok);
        });
        return command;
    }

    private static string Describe(ClassifierManifest manifest, ModelTextClassifier classifier) =>
        $"task model ({manifest.Method}, {classifier.Model.Config.ParameterCount / 1e6:0.0}M parameters)";

    /// <summary>The train, validation and test examples and the label set from --data (a folder, or a test file with --train or the run's data).</summary>
    private static (List<LabeledText> Train, List<LabeledText> Validation, List<LabeledText> Test, IReadOnlyList<string> Labels, string Name) Splits(string data, string? trainPath, ClassifierManifest? manifest)
    {
        if (Directory.Exists(data))
        {
            var set = TaskFolder.Load(data);
            if (set.Test.Count == 0) throw new WrenException($"{data}: the test split is empty");
            return (TaskTraining.ToLabeled(set.Train), TaskTraining.ToLabeled(set.Validation), TaskTraining.ToLabeled(set.Test), set.Labels, set.Name);
        }

        var test = TaskTraining.ToLabeled(TaskExampleJsonl.Read(data));
        if (test.Count == 0) throw new WrenException($"{data}: no examples");
        List<LabeledText> trainExamples = [], validation = [];
        IReadOnlyList<string>? labels = manifest?.Labels;
        if (trainPath is not null && (Directory.Exists(trainPath) || File.Exists(trainPath)))
        {
            var set = TaskFolder.Load(trainPath);
            trainExamples = TaskTraining.ToLabeled(set.Train);
            validation = TaskTraining.ToLabeled(set.Validation);
            labels ??= set.Labels;
        }

        labels ??= test.Concat(trainExamples).Select(e => e.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return (trainExamples, validation, test, labels, Path.GetFileNameWithoutExtension(data));
    }
}
