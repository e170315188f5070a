using Wren.Data.Tasks;
using Wren.Eval.Classification;
using Wren.Runtime;
using Wren.Runtime.Classification;
using Wren.Runtime.Diagnostics;
using Wren.Training.Classification;

namespace Wren.Pipeline.Tasks;

/// <summary>
/// What <c>wren task eval</c> and the build's task stage share: a task run (and its learning-curve runs) loaded,
/// measured on the test split beside the baselines, and OUT/task.html and OUT/eval.json written.
/// </summary>
public static class TaskEvaluation
{
    public const string HtmlFile = "task.html";
    public const string JsonFile = "eval.json";

    /// <summary>
    /// The kind of task being evaluated: the run's (its task.json), else the task folder's, else classify (a JSONL file
    /// of test examples).
    /// </summary>
    public static string KindOf(string? run, string data) =>
        run is not null ? WritingTaskManifest.KindOf(run)
        : TaskFolder.IsTaskFolder(data) ? TaskDefinition.Load(Path.Combine(data, TaskDefinition.FileName)).Kind
        : TaskDefinition.ClassifyKind;

    public static TaskEvalReport Run(TaskEvaluationRequest request, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        // One worker on one thread: the latency reported is one example's on one core, as a service would see it.
        var single = new ModelClassifierOptions { Workers = 1, ThreadsPerWorker = 1 };
        var manifest = request.Run is null ? null : ClassifierManifest.Load(request.Run);
        var data = request.Data;
        if (request.Baselines && data.Train.Count == 0)
            throw new WrenException($"{data.Name} has no training examples for the baselines: give the training data, or leave the baselines out");
        ModelTextClassifier? classifier = null;
        var curve = new List<(double, ITextClassifier)>();
        try
        {
            if (request.Run is not null)
            {
                classifier = ModelTextClassifier.Load(request.Run, single, request.ModelFile);
                if (request.ModelFile is null)
                {
                    foreach (double fraction in LearningCurveTraining.Fractions)
                    {
                        string curveRun = LearningCurveTraining.CurveFolder(request.Run, fraction);
                        if (File.Exists(Path.Combine(curveRun, ClassifierManifest.FileName))) curve.Add((fraction, ModelTextClassifier.Load(curveRun, single)));
                    }
                }
            }

            var report = TaskEvaluator.Run(new TaskEvalOptions
            {
                TaskName = manifest?.Task ?? data.Name,
                Labels = manifest?.Labels ?? data.Labels,
                Train = data.Train,
                Validation = data.Validation,
                Test = data.Test,
                Model = classifier,
                ModelDescription = manifest is null ? "task model" : $"task model ({manifest.Method}, {classifier!.Model.Config.ParameterCount / 1e6:0.0}M parameters)",
                ModelSizeBytes = request.Run is null ? 0 : TaskEvaluator.SizeOnDisk(request.ModelFile ?? Path.Combine(request.Run, manifest!.Model)),
                ModelCurve = curve,
                BaseModel = request.BaseModel ?? manifest?.BaseModel,
                Baselines = request.Baselines,
                LearningCurve = request.LearningCurve,
                WorkFolder = request.OutputFolder,
            }, progress, cancellationToken);
            if (manifest is not null) report = report with { Training = manifest.Training };
            if (request.OutputFolder is { } folder)
            {
                Directory.CreateDirectory(folder);
                TaskHtmlReport.Write(report, Path.Combine(folder, HtmlFile));
                TaskEvalJson.Save(report, Path.Combine(folder, JsonFile));
            }

            return report;
        }
        finally
        {
            classifier?.Dispose();
            foreach (var (_, c) in curve) (c as IDisposable)?.Dispose();
        }
    }
}
