using System.Globalization;
using Wren.Bench.Tasks;
using Wren.Data.Tasks;
using Wren.Eval.Classification;
using Wren.Pipeline.Build.Recipe;
using Wren.Pipeline.Tasks;
using Wren.Training.Classification;

// The issue's two classification tasks on the full SpamAssassin corpus, each a task model trained from scratch within
// a CPU-time budget (per thread: what the run takes on an idle machine, so a loaded machine does not shorten it)
// beside the majority class and TF-IDF + logistic regression (ML.NET) trained on the same examples, measured on the
// same test split:
//   spam:  ham vs spam, the label the folder a message sits in (ham/ or spam/);
//   route: ham routed to its mailing list by content, the label the List-Id header (removed from the input with the
//          list's footers and subject tags), lists with fewer than 10 messages left out.
// Usage: scripts/get-corpora.sh && bench/Wren.Bench.Tasks/prepare-spamassassin.sh /tmp/sa
//        dotnet run -c Release --project bench/Wren.Bench.Tasks -- --mail /tmp/sa [--tasks spam,route] [--minutes 5]
//        [--threads 2] [--work DIR] [--corpus DIR,...] (unlabelled mail to pretrain on, e.g. /tmp/sa/spam for route:
//        none of it is in route's splits)
//        dotnet run -c Release --project bench/Wren.Bench.Tasks -- --latency RUN --data TASK_DIR [--tokens 300] [--calls 100]
//        (one e-mail of --tokens tokens classified on one core: Wren F32, Wren Q8_0 and llama.cpp's prefill of the same GGUF)
var c = CultureInfo.InvariantCulture;
string? mail = null, work = null, latencyRun = null, latencyData = null, corpus = null;
int latencyTokens = 300, latencyCalls = 100;
string[] tasks = ["spam", "route"];
double minutes = 5;
int threads = 2;
// Task-model settings to try (defaults: ClassifierTrainerOptions'), e.g. --hidden 128 --layers 2 --max-input 128.
var shape = new Dictionary<string, double>(StringComparer.Ordinal);
string[] shapeOptions = ["--hidden", "--layers", "--heads", "--intermediate", "--vocab", "--max-input", "--tail", "--pretrain-share", "--lr", "--pretrain-lr",
    "--batch", "--pretrain-batch", "--pretrain-seq", "--epochs", "--balance", "--patience", "--evals-per-epoch", "--weight-decay", "--average", "--ema", "--dropout", "--pretrain-epochs", "--folds", "--keep-folds", "--seed"];
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--mail": mail = args[i + 1]; break;
        case "--tasks": tasks = args[i + 1].Split(','); break;
        case "--minutes": minutes = double.Parse(args[i + 1], c); break;
        case "--threads": threads = int.Parse(args[i + 1], c); break;
        case "--work": work = args[i + 1]; break;
        case "--corpus": corpus = args[i + 1]; break;
        case "--latency": latencyRun = args[i + 1]; break;
        case "--data": latencyData = args[i + 1]; break;
        case "--tokens": latencyTokens = int.Parse(args[i + 1], c); break;
        case "--calls": latencyCalls = int.Parse(args[i + 1], c); break;
        case var o when shapeOptions.Contains(o): shape[o] = double.Parse(args[i + 1], c); break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

if (latencyRun is not null)
{
    if (latencyData is null)
    {
        Console.Error.WriteLine("--latency RUN needs --data TASK_DIR (the task's data folder, for e-mails of --tokens tokens)");
        return 2;
    }

    ClassifyLatency.Run(latencyRun, latencyData, latencyTokens, latencyCalls, work ?? Path.Combine(Path.GetTempPath(), "wren-bench-latency-" + Guid.NewGuid().ToString("N")[..8]));
    return 0;
}

if (mail is null || !Directory.Exists(Path.Combine(mail, "ham")) || !Directory.Exists(Path.Combine(mail, "spam")))
{
    Console.Error.WriteLine("--mail DIR: a folder with ham/ and spam/ (bench/Wren.Bench.Tasks/prepare-spamassassin.sh DIR)");
    return 2;
}

work ??= Path.Combine(Path.GetTempPath(), "wren-bench-tasks-" + Guid.NewGuid().ToString("N")[..8]);
var rows = new List<(string Task, TaskEvalReport Report, ClassifierTrainingResult Model)>();
foreach (string name in tasks)
{
    var (section, sources) = name switch
    {
        "spam" => (new TaskSection { Name = "spam", From = "folders" }, new[] { mail }),
        "route" => (new TaskSection { Name = "route", From = "mail-headers", LabelHeader = "List-Id", Rare = "drop" }, new[] { Path.Combine(mail, "ham") }),
        _ => throw new ArgumentException($"--tasks: '{name}' is not spam or route"),
    };
    string folder = Path.Combine(work, name);
    var data = await TaskDataBuild.RunAsync(section, sources, Path.Combine(folder, "data"), threads);
    var set = TaskFolder.Load(data.Folder);
    Console.WriteLine(string.Create(c, $"{name}: {set.Labels.Count} labels, {set.Train.Count:N0} train / {set.Validation.Count:N0} val / {set.Test.Count:N0} test; load {Load()}"));
    var options = new ClassifierTrainerOptions
    {
        OutputFolder = Path.Combine(folder, "run"),
        TaskName = name,
        Time = TimeSpan.FromMinutes(minutes),
        Clock = TrainingClockKind.Cpu,
        Threads = threads,
    };
    options = Shaped(options, shape);
    if (corpus is not null) options = options with { Corpus = await TaskTraining.ReadCorpusAsync(corpus.Split(','), CancellationToken.None) };
    Console.WriteLine(string.Create(c, $"  {name}: d {options.Hidden} x {options.Layers} layers, {options.Heads} heads, ffn {options.IntermediateSize}, vocab {options.VocabSize}, input {options.MaxInputTokens} (tail {options.TailTokens}), pretrain {options.PretrainShare:P0}, lr {options.LearningRate?.ToString(c) ?? "default"}, batch {options.Batch}, epochs {options.MaxEpochs}, ema {options.MovingAverageDecay}, dropout {options.InputDropout}, folds {options.CrossFitFolds}, seed {options.Seed}"));
    var (model, _) = TaskTraining.Run(set, options, learningCurve: false, (_, e) =>
    {
        if (e.ValidationAccuracy is { } v) Console.WriteLine(string.Create(c, $"  {name} {e.Phase} step {e.Step} val acc {v:P1} at {e.Seconds:F0} CPU-s"));
    });
    var report = TaskEvaluation.Run(new TaskEvaluationRequest { Data = TaskEvalData.From(set), Run = model.RunFolder, OutputFolder = Path.Combine(folder, "eval") });
    rows.Add((name, report, model));
    FoldComparison.Print(name, model.RunFolder, set);
    var t = model.Manifest.Training!;
    Console.WriteLine(string.Create(c, $"  {name}: held-out accuracy {t.GetValueOrDefault("held_out_accuracy", double.NaN):P1}, soup on the pool {t.GetValueOrDefault("soup_pool_accuracy", double.NaN):P1}, mean chosen epoch {t.GetValueOrDefault("chosen_epoch_mean", double.NaN):F1}, refused {t.GetValueOrDefault("soup_refused", 0)}"));
    Console.WriteLine(string.Create(c, $"  {name}: trained {model.CpuSeconds:F0} CPU-s ({model.WallSeconds:F0} s wall), {model.Parameters / 1e6:F1}M parameters; report {Path.Combine(folder, "eval", "task.html")}"));
}

Console.WriteLine();
Console.WriteLine(string.Create(c, $"load {Load()}; budget {minutes} CPU-minutes per thread, {threads} threads"));
Console.WriteLine("task   | model acc | TF-IDF acc | majority | model - TF-IDF | model p50 ms (1 thread) | TF-IDF p50 ms | params | verdict");
foreach (var (task, report, model) in rows)
{
    var tfidf = report.Baselines.Single(b => b.Name == "tfidf_logreg");
    var majority = report.Baselines.Single(b => b.Name == "majority");
    var m = report.Model!;
    Console.WriteLine(string.Create(c,
        $"{task,-6} | {m.Metrics.Accuracy,9:P1} | {tfidf.Metrics.Accuracy,10:P1} | {majority.Metrics.Accuracy,8:P1} | {(m.Metrics.Accuracy - tfidf.Metrics.Accuracy) * 100,+14:+0.0;-0.0} | {m.LatencyP50Ms,23:F1} | {tfidf.LatencyP50Ms,13:F2} | {model.Parameters / 1e6,5:F1}M | {report.Verdict}"));
}

return 0;

static ClassifierTrainerOptions Shaped(ClassifierTrainerOptions o, Dictionary<string, double> shape)
{
    int I(string key, int fallback) => shape.TryGetValue(key, out double v) ? (int)v : fallback;
    double D(string key, double fallback) => shape.TryGetValue(key, out double v) ? v : fallback;
    return o with
    {
        Hidden = I("--hidden", o.Hidden),
        Layers = I("--layers", o.Layers),
        Heads = I("--heads", o.Heads),
        Intermediate = shape.TryGetValue("--intermediate", out double ffn) ? (int)ffn : o.Intermediate,
        VocabSize = I("--vocab", o.VocabSize),
        MaxInputTokens = I("--max-input", o.MaxInputTokens),
        TailTokens = I("--tail", o.TailTokens),
        PretrainShare = D("--pretrain-share", o.PretrainShare),
        LearningRate = shape.TryGetValue("--lr", out double lr) ? lr : o.LearningRate,
        PretrainLearningRate = D("--pretrain-lr", o.PretrainLearningRate),
        Batch = I("--batch", o.Batch),
        PretrainBatch = I("--pretrain-batch", o.PretrainBatch),
        PretrainSequence = I("--pretrain-seq", o.PretrainSequence),
        MaxEpochs = I("--epochs", o.MaxEpochs),
        BalancePower = D("--balance", o.BalancePower),
        Patience = I("--patience", o.Patience),
        EvalsPerEpoch = I("--evals-per-epoch", o.EvalsPerEpoch),
        WeightDecay = D("--weight-decay", o.WeightDecay),
        AverageCheckpoints = D("--average", o.AverageCheckpoints ? 1 : 0) != 0,
        MovingAverageDecay = D("--ema", o.MovingAverageDecay),
        InputDropout = D("--dropout", o.InputDropout),
        PretrainEpochs = D("--pretrain-epochs", o.PretrainEpochs),
        CrossFitFolds = I("--folds", o.CrossFitFolds),
        KeepFoldModels = D("--keep-folds", o.KeepFoldModels ? 1 : 0) != 0,
        Seed = shape.TryGetValue("--seed", out double seed) ? (ulong)seed : o.Seed,
    };
}

static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
