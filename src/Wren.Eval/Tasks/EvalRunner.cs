using System.Diagnostics;
using Wren.Eval.Perplexity;
using Wren.Eval.Reports;
using Wren.Eval.Scoring;
using Wren.Runtime.Diagnostics;

namespace Wren.Eval.Tasks;

/// <summary>Runs loaded tasks on one model and collects the metrics, with one progress bar per task.</summary>
public sealed class EvalRunner(ModelScorer scorer, EvalRunOptions? options = null)
{
    private readonly EvalRunOptions _options = options ?? new EvalRunOptions();

    public TaskScore Run(EvalTask task, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        progress ??= NullProgressSink.Instance;
        var clock = Stopwatch.StartNew();
        string unit = task.Kind == TaskKind.Perplexity ? "docs" : "questions";
        using var bar = progress.Begin(task.Name, task.Count, unit);
        var metrics = new Dictionary<string, double>();
        FewShotPrompt? fewShot = _options.Shots > 0 && task.Kind is TaskKind.MultipleChoice or TaskKind.Generation
            ? new FewShotPrompt(task.FewShot, _options.Shots, _options.Seed)
            : null;
        switch (task.Kind)
        {
            case TaskKind.Perplexity:
                var p = new PerplexityEvaluator(scorer, _options.Perplexity).Evaluate(task.Texts, bar, cancellationToken);
                metrics["perplexity"] = p.TokenPerplexity;
                metrics["word_perplexity"] = p.WordPerplexity;
                metrics["byte_perplexity"] = p.BytePerplexity;
                metrics["bits_per_byte"] = p.BitsPerByte;
                metrics["tokens"] = p.Tokens;
                metrics["bytes"] = p.Bytes;
                break;
            case TaskKind.MultipleChoice:
            case TaskKind.Cloze:
                var m = new MultipleChoiceEvaluator(scorer).Evaluate(task.Questions, fewShot, bar, cancellationToken);
                metrics["acc"] = m.Accuracy;
                metrics["acc_stderr"] = m.AccuracyStderr;
                metrics["acc_norm"] = m.AccuracyNorm;
                metrics["acc_norm_stderr"] = m.AccuracyNormStderr;
                metrics["chance"] = m.Chance;
                break;
            case TaskKind.Generation:
                var g = new GenerationEvaluator(scorer, _options.Generation).Evaluate(task.Prompts, fewShot, bar, cancellationToken);
                metrics["exact_match"] = g.ExactMatch;
                metrics["contains"] = g.Contains;
                metrics["extracted_match"] = g.ExtractedMatch;
                break;
        }
        double seconds = clock.Elapsed.TotalSeconds;
        return new TaskScore
        {
            Task = task.Name,
            Kind = task.Kind.ToString(),
            Count = task.Count,
            Metrics = metrics,
            Seconds = seconds,
        };
    }
}
