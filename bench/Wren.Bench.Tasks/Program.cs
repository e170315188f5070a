using System.Diagnostics;
using System.Globalization;
using Wren.Data.Tasks;
using Wren.Eval.Classification;
using Wren.Runtime.Classification;
using Wren.Training.Classification;

// Experiment harness (temporary form).
var a = args.ToList();
string Get(string name, string fallback) { int i = a.IndexOf(name); return i >= 0 && i + 1 < a.Count ? a[i + 1] : fallback; }
var c = CultureInfo.InvariantCulture;
var data = TaskFolder.Load(Get("--task", ""));
List<LabeledText> Conv(IReadOnlyList<TaskExample> x) => x.Select(e => new LabeledText(e.Input, e.Output)).ToList();
var train = Conv(data.Train); var val = Conv(data.Validation); var test = Conv(data.Test);
var labels = data.Labels;
Console.WriteLine($"{data.Name}: {train.Count} train, {val.Count} val, {test.Count} test, {labels.Count} labels; load {File.ReadAllText("/proc/loadavg").Trim()}");
double Acc(ITextClassifier clf) => test.Count(e => clf.Classify(e.Input).Label == e.Label) / (double)test.Count;
if (a.Contains("--tfidf"))
{
    var sw = Stopwatch.StartNew();
    using var tf = TfIdfLogisticRegression.Fit(labels, train, val);
    Console.WriteLine($"tfidf fit {sw.Elapsed.TotalSeconds:F1}s l2={tf.L2} test acc {Acc(tf):F4}");
}
if (a.Contains("--model"))
{
    var corpus = new List<string>();
    foreach (var f in a.Select((x, i) => (x, i)).Where(p => p.x == "--corpus").Select(p => a[p.i + 1]))
        corpus.AddRange(TaskExampleJsonl.Read(f).Select(e => e.Input));
    var opts = new ClassifierTrainerOptions
    {
        OutputFolder = Get("--out", "/tmp/tasks-work/run"),
        Time = TimeSpan.FromSeconds(double.Parse(Get("--seconds", "300"), c)),
        Clock = Get("--clock", "cpu") == "cpu" ? TrainingClockKind.Cpu : TrainingClockKind.Wall,
        Corpus = corpus,
        PretrainShare = double.Parse(Get("--pretrain-share", "0.5"), c),
        VocabSize = int.Parse(Get("--vocab", "8192"), c),
        Hidden = int.Parse(Get("--hidden", "256"), c),
        Layers = int.Parse(Get("--layers", "4"), c),
        Heads = int.Parse(Get("--heads", "4"), c),
        Intermediate = int.Parse(Get("--ff", "704"), c),
        MaxInputTokens = int.Parse(Get("--max-input", "254"), c),
        TailTokens = int.Parse(Get("--tail", "32"), c),
        PretrainSequence = int.Parse(Get("--pretrain-seq", "256"), c),
        PretrainBatch = int.Parse(Get("--pretrain-batch", "8"), c),
        PretrainLearningRate = double.Parse(Get("--pretrain-lr", "3e-3"), c),
        Batch = int.Parse(Get("--batch", "16"), c),
        LearningRate = double.Parse(Get("--lr", "1e-3"), c),
        BalancePower = double.Parse(Get("--balance", "0.5"), c),
        MaxEpochs = int.Parse(Get("--epochs", "20"), c),
        Patience = int.Parse(Get("--patience", "6"), c),
    };
    long lastPrint = 0;
    var result = ClassifierTrainer.Train(train, val, labels, opts, e =>
    {
        if (e.ValidationAccuracy is not null || e.Step - lastPrint >= 20 || e.Step < lastPrint)
        {
            lastPrint = e.Step;
            Console.WriteLine(string.Create(c, $"  {e.Phase} {e.Step} loss {e.Loss:F4} lr {e.LearningRate:E2} {(e.ValidationAccuracy is { } v ? $"val {v:F4}" : "")} t {e.Seconds:F0}s {e.TokensPerSecond:N0} tok/s"));
        }
    });
    Console.WriteLine($"trained: best val {result.BestValidationAccuracy:F4}, wall {result.WallSeconds:F0}s cpu {result.CpuSeconds:F0}s params {result.Parameters:N0} T={result.Manifest.Temperature:F3} load {result.LoadAverage}");
    foreach (var (k, v) in result.Manifest.Training) Console.WriteLine($"  {k} = {v}");
    using var clf = ModelTextClassifier.Load(result.RunFolder, new ModelClassifierOptions { Workers = 2 });
    var sw = Stopwatch.StartNew();
    var preds = clf.ClassifyAll(test.Select(e => e.Input).ToList());
    Console.WriteLine($"model test acc {preds.Zip(test).Count(p => p.First.Label == p.Second.Label) / (double)test.Count:F4} ({sw.Elapsed.TotalMilliseconds / test.Count:F1} ms/example on 2 workers)");
}
