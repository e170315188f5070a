using System.CommandLine;
using Wren.Cli.Terminal;
using Wren.Eval.Classification;
using Wren.Pipeline.Tasks;
using Wren.Runtime.Classification;

namespace Wren.Cli.Commands.Tasks;

/// <summary><c>wren task eval</c>: a task model beside its baselines on the test split (<see cref="TaskEvaluation"/>).</summary>
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
            var evalData = TaskEvalData.Load(parse.GetValue(data)!, parse.GetValue(train) ?? manifest?.Data, manifest?.Labels);
            bool asJson = parse.GetValue(json);
            // With --json, stdout carries the JSON alone; progress goes to stderr.
            var screen = asJson ? console.Error : console.Out;
            string? work = parse.GetValue(output);
            TaskEvalReport report;
            using (var progress = new SpectreProgressSink(screen))
            {
                report = TaskEvaluation.Run(new TaskEvaluationRequest
                {
                    Data = evalData,
                    Run = run,
                    ModelFile = parse.GetValue(modelFile),
                    BaseModel = parse.GetValue(baseModel),
                    Baselines = !parse.GetValue(noBaselines),
                    LearningCurve = !parse.GetValue(noCurve),
                    OutputFolder = work,
                }, progress, ct);
            }

            if (asJson) console.Write(TaskEvalJson.Render(report));
            else TaskEvalTable.Write(console.Out, report, work);
            return Task.FromResult(CliAction.Ok);
        });
        return command;
    }
}
