using System.Diagnostics;
using System.Globalization;
using Wren.Eval.TextMetrics;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;

namespace Wren.Eval.Writing;

/// <summary>
/// Measures systems that write (a task model, its base model zero-shot, a teacher) beside the baselines a user
/// would try, on one test split: for generate SQuAD exact match and token F1, rougeL/rougeLsum and chrF
/// (<see cref="GenerationScores"/>) against the retrieval baseline; for extract validity and per-field exact match
/// and F1 (<see cref="ExtractionScorer"/>) against the retrieval and per-field majority baselines. Each example is
/// written one at a time, so latency is one request's. When a baseline wins, the verdict says so.
/// </summary>
public static class WritingTaskEvaluator
{
    public static async Task<WritingEvalReport> RunAsync(WritingEvalOptions options, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Test.Count == 0) throw new WrenException($"{options.TaskName}: the test split is empty");
        bool extract = options.Kind == "extract";
        var systems = new List<WritingSystem>(options.Systems);
        if (options.Baselines)
        {
            if (options.Train.Count == 0) throw new WrenException($"{options.TaskName} has no training examples for the baselines: give the training data, or leave the baselines out");
            var retrieval = new RetrievalBaseline(options.Train);
            systems.Add(new WritingSystem("retrieval", "nearest training input by TF-IDF, its output copied", (input, _) => Task.FromResult(retrieval.Write(input))));
            if (extract)
            {
                var majority = new FieldMajorityBaseline(options.Train.Select(e => e.Output).ToList());
                systems.Add(new WritingSystem("majority", "each field's most common training value", (input, _) => Task.FromResult(majority.Write(input))));
            }
        }

        var scorer = extract ? new ExtractionScorer(options.SchemaJson) : null;
        var references = options.Test.Select(e => e.Output).ToList();
        var results = new List<WritingSystemResult>();
        foreach (var system in systems)
        {
            var outputs = new List<string>(options.Test.Count);
            var latencies = new List<double>(options.Test.Count);
            string? error = null;
            int failed = 0;
            using (var scope = (progress ?? NullProgressSink.Instance).Begin(system.Name, options.Test.Count, "examples"))
            {
                foreach (var example in options.Test)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    long start = Stopwatch.GetTimestamp();
                    try
                    {
                        outputs.Add(await system.Write(example.Input, cancellationToken).ConfigureAwait(false));
                        latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                    catch (Exception e) when (e is WrenException or HttpRequestException or InvalidOperationException && !system.IsTaskModel)
                    {
                        // A teacher that refuses one example (too long for its context, say) gets an empty answer
                        // there and goes on; one that refuses every example is reported as not measured.
                        error ??= e.Message;
                        failed++;
                        outputs.Add("");
                    }

                    scope.Increment(1);
                }
            }

            if (failed == options.Test.Count)
            {
                results.Add(new WritingSystemResult { Name = system.Name, Description = system.Description, IsTaskModel = system.IsTaskModel, Outputs = [], Error = error });
                continue;
            }

            latencies.Sort();
            var (judged, ungraded) = options.Judge is null ? (null, 0) : await JudgeAsync(options, system.Name, outputs, progress, cancellationToken).ConfigureAwait(false);
            results.Add(new WritingSystemResult
            {
                Name = system.Name,
                Description = system.Description,
                IsTaskModel = system.IsTaskModel,
                Outputs = outputs,
                Generation = extract ? null : GenerationScores.Of(outputs, references),
                Extraction = scorer?.Score(outputs, references),
                Failed = failed,
                FailedReason = failed > 0 ? error : null,
                JudgeScore = judged,
                JudgeUngraded = ungraded,
                LatencyMsP50 = Percentile(latencies, 0.5),
                LatencyMsP95 = Percentile(latencies, 0.95),
            });
        }

        var ranked = results.OrderBy(r => r.Error is null ? 0 : 1).ThenByDescending(r => r.Primary).ToList();
        var model = results.FirstOrDefault(r => r.IsTaskModel && r.Error is null);
        return new WritingEvalReport
        {
            Task = options.TaskName,
            Kind = options.Kind,
            Count = options.Test.Count,
            Systems = ranked,
            Worst = model is null ? [] : Worst(options, model, scorer, options.WorstCount),
            Verdict = Verdict(ranked, model, extract),
        };
    }

    /// <summary>The judge's mean grade of one system's answers and how many replies were not a grade.</summary>
    private static async Task<(double?, int)> JudgeAsync(WritingEvalOptions options, string name, IReadOnlyList<string> outputs, IProgressSink? progress, CancellationToken cancellationToken)
    {
        var grades = new List<int>();
        int ungraded = 0;
        using var scope = (progress ?? NullProgressSink.Instance).Begin("judge: " + name, outputs.Count, "answers");
        for (int i = 0; i < outputs.Count; i++)
        {
            var (input, reference, _) = options.Test[i];
            int? grade;
            try
            {
                grade = await options.Judge!(input, reference, outputs[i], cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WrenException or HttpRequestException or InvalidOperationException)
            {
                // A judge that refuses one answer (too long for its context) leaves it ungraded.
                grade = null;
            }

            if (grade is >= 1 and <= 5) grades.Add(grade.Value);
            else ungraded++;
            scope.Increment(1);
        }

        return (grades.Count == 0 ? null : grades.Average(), ungraded);
    }

    private static List<WritingExampleScore> Worst(WritingEvalOptions options, WritingSystemResult model, ExtractionScorer? scorer, int count)
    {
        var scored = new List<WritingExampleScore>(options.Test.Count);
        for (int i = 0; i < options.Test.Count; i++)
        {
            var (input, reference, source) = options.Test[i];
            string output = model.Outputs[i];
            double score = scorer is null ? RougeL.ScoreSummary(reference, output).FMeasure : scorer.Score([output], [reference]).TokenF1;
            scored.Add(new WritingExampleScore(input, reference, output, score, source));
        }

        return scored.OrderBy(s => s.Score).Take(count).ToList();
    }

    private static string Verdict(IReadOnlyList<WritingSystemResult> ranked, WritingSystemResult? model, bool extract)
    {
        string metric = extract ? "field F1" : "ROUGE-Lsum";
        var c = CultureInfo.InvariantCulture;
        var measured = ranked.Where(r => r.Error is null).ToList();
        if (measured.Count == 0) return "nothing could be measured";
        if (model is null) return $"{measured[0].Name} is best by {metric} ({measured[0].Primary.ToString("0.000", c)}); no task model was measured";
        var best = measured[0];
        if (ReferenceEquals(best, model) || best.Primary <= model.Primary)
        {
            var runnerUp = measured.FirstOrDefault(r => !ReferenceEquals(r, model));
            if (runnerUp is null) return $"the task model scores {model.Primary.ToString("0.000", c)} {metric}";
            return runnerUp.Primary == model.Primary
                ? $"the task model ties with {runnerUp.Name}: {metric} {model.Primary.ToString("0.000", c)}"
                : $"the task model wins: {metric} {model.Primary.ToString("0.000", c)} against {runnerUp.Primary.ToString("0.000", c)} for {runnerUp.Name}";
        }

        return $"{best.Name} beats the task model: {metric} {best.Primary.ToString("0.000", c)} against {model.Primary.ToString("0.000", c)}";
    }

    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}
