using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Wren.Cli.Terminal;
using Wren.Eval.Perplexity;
using Wren.Eval.Reports;
using Wren.Eval.Scoring;
using Wren.Eval.Tasks;
using Wren.Pipeline.Evaluation;
using Wren.Runtime;
using Wren.Runtime.Hub;
using Wren.Runtime.Models;
using Wren.Runtime.Tokenization;

namespace Wren.Cli.Commands;

/// <summary><c>wren eval</c>: perplexity, multiple-choice, generation and cloze tasks on one or more models, scored as lm-evaluation-harness scores them.</summary>
internal static class EvalCommand
{
    internal static Command Create(CliConsole console)
    {
        var models = new Option<string[]>("--model", "-m") { Description = "Model folder (config.json, model.safetensors, tokenizer.json); repeat to compare models side by side; ORG/NAME[@REVISION] is pulled from the Hugging Face hub when missing", Arity = ArgumentArity.OneOrMore };
        var baseModel = new Option<string?>("--base") { Description = "Base model the --model results are compared with: the gain of a fine-tune on the target task and the change on general text" };
        var tasks = new Option<string>("--tasks", "-t")
        {
            Description = "Comma-separated [kind:]PATH list. ppl: held-out text (.txt, JSONL with \"text\", curated *.jsonl.zst shards or folders) -> perplexity, bits per byte; " +
                "mc: JSONL {\"context\",\"choices\",\"gold\"} -> acc, acc_norm; gen: JSONL {\"prompt\",\"answer\"} -> exact_match, contains, extracted_match; " +
                "cloze: held-out documents -> a multiple-choice task made from them. Without a kind it is guessed from the file",
            Required = true,
        };
        var limit = new Option<int?>("--limit") { Description = "Score only the first N questions (documents) of each task" };
        var output = new Option<string?>("--out", "-o") { Description = "Where to write the JSON results (default: eval.json beside the first --model folder, in its run: out/train/eval.json for out/train/model)" };
        var html = new Option<string?>("--html") { Description = "Where to write the HTML report with bar charts (default: eval.html beside --out when several models are compared)" };
        var shots = new Option<int>("--shots") { Description = "Solved examples put before each question (few-shot)", DefaultValueFactory = _ => 0 };
        var fewShot = new Option<string?>("--fewshot") { Description = "Task file the few-shot examples come from (default: the task's other questions)" };
        var seed = new Option<int>("--seed") { Description = "Seed of the few-shot selection and the cloze task", DefaultValueFactory = _ => 1234 };
        var maxLength = new Option<int?>("--max-length") { Description = "Tokens per forward pass (default: the model's context, at most 2048)" };
        var stride = new Option<int?>("--stride") { Description = "Perplexity: new tokens per sliding window after the first (default: --max-length, as lm-eval; smaller gives more context per token)" };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Generation: tokens per answer at most", DefaultValueFactory = _ => 64 };
        var until = new Option<string[]>("--until") { Description = "Generation: strings that end an answer (default: a blank line)", Arity = ArgumentArity.ZeroOrMore };
        var answerRegex = new Option<string?>("--answer-regex") { Description = "Generation: regex extracting the answer for extracted_match (group 1 if any), e.g. \"#### (-?[0-9.,]+)\"" };
        var ignoreCase = new Option<bool>("--ignore-case") { Description = "Generation: compare answers case-insensitively" };
        var clozeItems = new Option<int>("--cloze-items") { Description = "Cloze: questions to make", DefaultValueFactory = _ => 200 };
        var workers = new Option<int?>("--workers") { Description = "Questions scored in parallel (default: one per core for small models, else one)" };
        var threads = new Option<int?>("--threads") { Description = "Threads per worker (default: cores / workers)" };
        var addBos = new Option<bool>("--add-bos") { Description = "Start every request with the BOS token (lm-eval's add_bos_token)" };
        var command = new Command("eval",
            "Evaluate models the way EleutherAI's lm-evaluation-harness does: rolling-window perplexity and bits per byte on held-out text, " +
            "multiple choice by the loglikelihood of \" \" + each choice (acc, and acc_norm divided by the choice's length in characters), " +
            "greedy generation with exact/contains/regex matching, and a cloze task made from your own documents. " +
            "Several --model options (or --base) print a side-by-side table and write eval.html.\n" +
            "Example: wren eval --model out/model --tasks ppl:curated/val,cloze:curated/val,mc:quiz.jsonl --limit 200   (writes out/eval.json)");
        foreach (Option o in new Option[] { models, baseModel, tasks, limit, output, html, shots, fewShot, seed, maxLength, stride, maxTokens, until, answerRegex, ignoreCase, clozeItems, workers, threads, addBos })
        {
            command.Options.Add(o);
        }
        CliAction.Set(command, console, async (parse, ct) =>
        {
            var modelPaths = new List<string>();
            string? basePath = parse.GetValue(baseModel);
            if (basePath is not null) modelPaths.Add(basePath);
            modelPaths.AddRange(parse.GetValue(models) ?? []);
            if (modelPaths.Count == 0) throw new WrenException("give at least one --model");
            var clozeOptions = new ClozeOptions { MaxItems = parse.GetValue(clozeItems), Seed = parse.GetValue(seed) };
            var loaded = EvalTaskLoader.Load(parse.GetValue(tasks)!, parse.GetValue(fewShot), clozeOptions, warning => console.ErrorLine("wren: " + warning))
                .Select(t => t.Limit(parse.GetValue(limit))).ToList();
            string[] untilValues = parse.GetValue(until) is { Length: > 0 } u ? u.Select(Unescape).ToArray() : ["\n\n"];
            var runOptions = new EvalRunOptions
            {
                Shots = parse.GetValue(shots),
                Seed = parse.GetValue(seed),
                Perplexity = new PerplexityOptions { MaxLength = parse.GetValue(maxLength), Stride = parse.GetValue(stride) },
                Generation = new GenerationTaskOptions { MaxTokens = parse.GetValue(maxTokens), Until = untilValues, AnswerPattern = parse.GetValue(answerRegex), IgnoreCase = parse.GetValue(ignoreCase) },
            };
            var scorerOptions = new ScorerOptions { Workers = parse.GetValue(workers), ThreadsPerWorker = parse.GetValue(threads), MaxLength = parse.GetValue(maxLength), AddBos = parse.GetValue(addBos) };

            var reports = new List<ModelReport>();
            foreach (string path in modelPaths)
            {
                string local = await ModelArgument.LocalPathAsync(console, path, ct);
                // Reported under the name given (ORG/NAME for a pulled model, not its snapshot folder).
                var modelReport = SpectreProgressSink.Show(console.Out, sink => ModelEvaluation.Run(local, loaded, runOptions, scorerOptions, sink,
                    (model, scorer) => console.Out.MarkupLine($"[bold]{Markup.Escape(path)}[/]: {model.Config.ParameterCount / 1e6:F1}M parameters, {scorer.Workers} worker(s) x {scorer.ThreadsPerWorker} thread(s), window {scorer.MaxLength}"),
                    ct)) with { Model = path };
                var scores = modelReport.Tasks;
                foreach (var s in scores)
                    console.Out.MarkupLine($"  {Markup.Escape(s.Task)}: {s.Count:N0} {(s.Kind == nameof(TaskKind.Perplexity) ? "docs" : "questions")} in {s.Seconds:F1} s ({s.ItemsPerSecond.ToString("F1", CultureInfo.InvariantCulture)}/s)");
                reports.Add(modelReport);
            }

            var report = new EvalReport
            {
                Models = reports,
                BaseModel = basePath,
                Settings = EvalSettings.Describe(parse.GetValue(tasks)!, parse.GetValue(limit), runOptions, scorerOptions),
            };
            console.Out.Write(EvalTable.Build(report));
            string first = parse.GetValue(models) is { Length: > 0 } m ? m[0] : modelPaths[0];
            string outPath = parse.GetValue(output) ?? EvalOutputs.DefaultJson(first);
            EvalReportJson.Write(report, outPath);
            string? htmlPath = EvalOutputs.Html(parse.GetValue(html), outPath, reports.Count);
            if (htmlPath is not null) EvalHtmlReport.Write(report, htmlPath);
            console.Out.MarkupLine($"results in {Markup.Escape(outPath)}" + (htmlPath is null ? "" : $", charts in {Markup.Escape(htmlPath)}"));
            return CliAction.Ok;
        });
        return command;
    }

    /// <summary>Lets "\n" and "\t" be typed on a command line.</summary>
    private static string Unescape(string s) => s.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\t", "\t", StringComparison.Ordinal);
}
