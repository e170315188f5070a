using System.CommandLine;
using Wren.Cli.Terminal;
using Wren.Data.Tasks;
using Wren.Eval.Classification;
using Wren.Eval.Writing;
using Wren.Pipeline.Tasks;

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
        var teacherUrl = new Option<string?>("--teacher-url") { Description = "generate/extract: also measure a teacher behind this OpenAI-compatible API base (Ollama, llama.cpp, vLLM, a cloud API, wren serve), e.g. http://localhost:11434/v1" };
        var teacherModel = new Option<string?>("--teacher-model") { Description = "The teacher's model name at --teacher-url" };
        var judgeUrl = new Option<string?>("--judge-url") { Description = "generate/extract: a judge model that grades every answer 1-5 against the reference (cached under OUT/judge-cache), at this OpenAI-compatible API base (default: --teacher-url)" };
        var judgeModel = new Option<string?>("--judge-model") { Description = "The judge's model name; giving it turns the judge on" };
        var teacherKey = new Option<string>("--teacher-key-env") { Description = "Environment variable holding the teacher's API key", DefaultValueFactory = _ => "OPENAI_API_KEY" };

        var command = new Command("eval",
            "Measure a task model on the test split beside the baselines a user would compare it with, each trained on the same training examples: " +
            "the majority class, TF-IDF word 1-2-grams + logistic regression (ML.NET), and with a base model that model zero-shot and few-shot. " +
            "Prints accuracy, macro-F1, per-label precision and recall, the confusion matrix, latency per example (one at a time, one thread) " +
            "and size on disk, and says plainly when a baseline wins.\n\n" +
            "Example: wren task eval --model runs/route --data tasks/route --out runs/route/eval\n" +
            "Example: wren task eval --model runs/route --data tasks/route/test.jsonl --json\n\n" +
            "Generate and extract tasks are measured by what the models write (greedy; extract held to the task's JSON Schema): exact match, token F1, " +
            "ROUGE-L/ROUGE-Lsum and chrF, or validity and per-field exact match and F1, beside the base model zero-shot, the teacher (--teacher-url) " +
            "and the retrieval baseline (the nearest training input's output; extract also each field's majority value).\n" +
            "Example: wren task eval --model runs/replies --data tasks/replies --teacher-url http://localhost:11434/v1 --teacher-model qwen2.5:7b --out runs/replies/eval");
        foreach (var o in new Option[] { model, modelFile, data, train, baseModel, json, output, noBaselines, noCurve, teacherUrl, teacherModel, teacherKey, judgeUrl, judgeModel })
            command.Options.Add(o);

        CliAction.Set(command, console, async (parse, ct) =>
        {
            string? run = parse.GetValue(model);
            string dataPath = parse.GetValue(data)!;
            bool asJson = parse.GetValue(json);
            string? outFolder = parse.GetValue(output);
            // With --json, stdout carries the JSON alone; progress goes to stderr.
            var screen = asJson ? console.Error : console.Out;
            if (TaskEvaluation.KindOf(run, dataPath) != TaskDefinition.ClassifyKind)
            {
                var endpoints = EvaluationEndpoints.From(parse.GetValue(teacherUrl), parse.GetValue(teacherModel), parse.GetValue(judgeUrl), parse.GetValue(judgeModel),
                    parse.GetValue(teacherKey)!, outFolder);
                var writing = await SpectreProgressSink.ShowAsync(screen, progress => WritingTaskEvaluation.RunAsync(new WritingEvaluationRequest
                {
                    Data = TaskFolder.Load(dataPath),
                    Run = run,
                    BaseModel = parse.GetValue(baseModel),
                    Teacher = endpoints.Teacher,
                    Judge = endpoints.Judge,
                    Baselines = !parse.GetValue(noBaselines),
                    OutputFolder = outFolder,
                }, progress, ct)).ConfigureAwait(false);
                if (asJson) console.Write(WritingEvalJson.Render(writing));
                else WritingEvalTable.Write(console.Out, writing, outFolder);
                return CliAction.Ok;
            }

            var evalData = TaskEvalData.ForRun(dataPath, parse.GetValue(train), run);
            var report = SpectreProgressSink.Show(screen, progress => TaskEvaluation.Run(new TaskEvaluationRequest
            {
                Data = evalData,
                Run = run,
                ModelFile = parse.GetValue(modelFile),
                BaseModel = parse.GetValue(baseModel),
                Baselines = !parse.GetValue(noBaselines),
                LearningCurve = !parse.GetValue(noCurve),
                OutputFolder = outFolder,
            }, progress, ct));
            if (asJson) console.Write(TaskEvalJson.Render(report));
            else TaskEvalTable.Write(console.Out, report, outFolder);
            return CliAction.Ok;
        });
        return command;
    }
}
