using System.Diagnostics;
using System.Text;
using Wren.Runtime;
using Wren.Runtime.Classification;
using Wren.Runtime.Diagnostics;
using Wren.Runtime.Models;
using Wren.Runtime.Tokenization;

namespace Wren.Eval.Classification;

/// <summary>
/// Measures a task model beside the baselines a user would compare it with, all on the same test split and all
/// trained on the same training examples: the majority class, TF-IDF + logistic regression (ML.NET), and with a base
/// model, that model zero-shot and few-shot, scored the same way as the task model. Each row gets accuracy,
/// macro-F1, per-label precision and recall, the confusion matrix, its latency per example (one example at a time on
/// one thread, this machine) and its size on disk. The learning curve trains the TF-IDF baseline (and reads the task
/// models given) at 10%, 30% and 100% of the training examples.
/// </summary>
public static class TaskEvaluator
{
    public static readonly IReadOnlyList<double> CurveFractions = [0.1, 0.3, 1.0];

    public static TaskEvalReport Run(TaskEvalOptions options, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Test.Count == 0) throw new WrenException("no test examples to evaluate on");
        progress ??= NullProgressSink.Instance;
        string work = options.WorkFolder ?? Path.Combine(Path.GetTempPath(), "wren-task-eval-" + Environment.ProcessId);
        Directory.CreateDirectory(work);
        ClassifierResult? model = options.Model is null ? null
            : Measure("task_model", options.ModelDescription, options.Model, options.Test, options.ModelSizeBytes, progress, cancellationToken);

        var baselines = new List<ClassifierResult>();
        var curve = new List<LearningCurvePoint>();
        if (options.Baselines)
        {
            var majority = new MajorityClassifier(options.Labels, options.Train);
            baselines.Add(Measure("majority", $"majority class ({majority.Classify("").Label})", majority, options.Test, 0, progress, cancellationToken));

            TfIdfLogisticRegression tfidf;
            using (progress.Begin("fit TF-IDF + logistic regression", null, "fits"))
            {
                tfidf = TfIdfLogisticRegression.Fit(options.Labels, options.Train, options.Validation, (int)options.Seed);
            }

            using (tfidf)
            {
                long size = tfidf.Save(Path.Combine(work, "tfidf_logreg.zip"));
                baselines.Add(Measure("tfidf_logreg", "TF-IDF word 1-2-grams + logistic regression (ML.NET)", tfidf, options.Test, size, progress, cancellationToken));
                if (options.LearningCurve)
                {
                    foreach (double fraction in CurveFractions)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var subset = StratifiedSubset.Take(options.Train, fraction, options.Seed);
                        double accuracy = fraction >= 1 ? baselines[^1].Metrics.Accuracy
                            : Accuracy(TfIdfLogisticRegression.Fit(options.Labels, subset, options.Validation, (int)options.Seed), options.Test);
                        curve.Add(new LearningCurvePoint("tfidf_logreg", fraction, subset.Count, accuracy));
                    }
                }
            }

            if (options.BaseModel is { } baseFolder)
            {
                baselines.AddRange(BaseModelRows(baseFolder, options, progress, cancellationToken));
            }
        }

        if (model is not null)
        {
            foreach (var (fraction, curveModel) in options.ModelCurve.OrderBy(p => p.Fraction))
            {
                curve.Add(new LearningCurvePoint("task_model", fraction, (int)Math.Round(fraction * options.Train.Count), Accuracy(curveModel, options.Test)));
            }

            if (options.ModelCurve.Count > 0) curve.Add(new LearningCurvePoint("task_model", 1.0, options.Train.Count, model.Metrics.Accuracy));
        }

        return new TaskEvalReport
        {
            Task = options.TaskName,
            Labels = options.Labels,
            Test = options.Test,
            Model = model,
            Baselines = baselines,
            LearningCurve = curve,
        };
    }

    /// <summary>Classifies the test split one example at a time on the calling thread, timing each.</summary>
    public static ClassifierResult Measure(string name, string description, ITextClassifier classifier, IReadOnlyList<LabeledText> test, long sizeBytes,
        IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        var index = classifier.Labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var predictions = new ClassPrediction[test.Count];
        var gold = new int[test.Count];
        var predicted = new int[test.Count];
        var milliseconds = new double[test.Count];
        using var bar = (progress ?? NullProgressSink.Instance).Begin($"classify with {name}", test.Count, "examples");
        for (int n = 0; n < test.Count; n++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!index.TryGetValue(test[n].Label, out gold[n]))
                throw new WrenException($"the test label '{test[n].Label}' is not one of {name}'s labels ({string.Join(", ", classifier.Labels)})");
            long started = Stopwatch.GetTimestamp();
            predictions[n] = classifier.Classify(test[n].Input);
            milliseconds[n] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            predicted[n] = predictions[n].LabelIndex;
            bar.Increment(1);
        }

        Array.Sort(milliseconds);
        return new ClassifierResult
        {
            Name = name,
            Description = description,
            Metrics = ClassificationMetrics.Compute(classifier.Labels, gold, predicted),
            LatencyP50Ms = Percentile(milliseconds, 0.5),
            LatencyP95Ms = Percentile(milliseconds, 0.95),
            SizeBytes = sizeBytes,
            Predictions = predictions,
        };
    }

    /// <summary>Bytes of every file under a folder (a model folder's size on disk), or of one file.</summary>
    public static long SizeOnDisk(string path) =>
        File.Exists(path) ? new FileInfo(path).Length
        : Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
        : 0;

    private static double Accuracy(ITextClassifier classifier, IReadOnlyList<LabeledText> test)
    {
        try
        {
            return test.Count(e => classifier.Classify(e.Input).Label == e.Label) / (double)test.Count;
        }
        finally
        {
            (classifier as IDisposable)?.Dispose();
        }
    }

    /// <summary>The base model zero-shot (the question and the label names) and few-shot (one solved example per label first).</summary>
    private static IEnumerable<ClassifierResult> BaseModelRows(string baseFolder, TaskEvalOptions options, IProgressSink progress, CancellationToken cancellationToken)
    {
        using var model = LlamaModel.Load(baseFolder);
        var tokenizer = BpeTokenizer.Load(baseFolder);
        long size = SizeOnDisk(baseFolder);
        var zeroShot = ClassifierPrompt.ForBaseModel(options.Labels, 254, 32);
        var shots = new StringBuilder();
        foreach (string label in options.Labels)
        {
            // The shortest training example of each label keeps the prompt short.
            if (options.Train.Where(e => e.Label == label).OrderBy(e => e.Input.Length).FirstOrDefault() is { } shot)
                shots.Append(ClassifierPrompt.FewShotExample(shot.Input, label));
        }

        var fewShot = ClassifierPrompt.ForBaseModel(options.Labels, 254, 32, shots.ToString());
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(baseFolder));
        var rows = new List<ClassifierResult>();
        foreach (var (key, prompt, description) in new[] { ("zero_shot", zeroShot, $"{name} zero-shot"), ("few_shot", fewShot, $"{name} few-shot ({options.Labels.Count} examples)") })
        {
            var manifest = new ClassifierManifest { Task = options.TaskName, Labels = options.Labels, Prompt = prompt, Method = key, BaseModel = baseFolder };
            using var classifier = new ModelTextClassifier(model, tokenizer, manifest);
            rows.Add(Measure(key, description, classifier, options.Test, size, progress, cancellationToken));
        }

        return rows;
    }

    private static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(q * (sorted.Length - 1) + 0.5))];
}
