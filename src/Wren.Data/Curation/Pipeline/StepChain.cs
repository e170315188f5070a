using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Wren.Data.Curation.Pipeline;

/// <summary>
/// Runs documents through per-document steps in order, stopping at the first drop, and accounts for
/// every decision in per-step <see cref="StepStatistics"/>. One instance per task (the statistics
/// are not shared), so it needs no locks.
/// </summary>
public sealed class StepChain
{
    private const int ExcerptChars = 600;
    private readonly IReadOnlyList<IDocumentStep> _steps;
    private readonly StepCounters[] _counters;

    public StepChain(IReadOnlyList<IDocumentStep> steps)
    {
        _steps = steps;
        Statistics = new StepStatistics[steps.Count];
        _counters = new StepCounters[steps.Count];
        for (int i = 0; i < steps.Count; i++)
        {
            Statistics[i] = new StepStatistics { Step = steps[i].Name };
            _counters[i] = new StepCounters();
            foreach (var spec in steps[i].Histograms)
            {
                Statistics[i].Histograms[spec.Score] = ScoreHistogram.For(spec);
            }
        }
    }

    public StepStatistics[] Statistics { get; }

    /// <summary>Runs the steps; returns null when the document is kept, else why it was dropped.</summary>
    public Rejection? Run(WorkingDocument document, List<StepTrace>? trace = null)
    {
        for (int i = 0; i < _steps.Count; i++)
        {
            var step = _steps[i];
            var stats = Statistics[i];
            stats.DocumentsIn++;
            var kind = stats.KindCountsFor(document.Kind);
            kind.In++;
            stats.BytesIn += document.ByteCount;
            stats.WordsIn += document.WordCount;
            string before = document.Text;
            long start = Stopwatch.GetTimestamp();
            StepResult result;
            try
            {
                result = step.Process(document, _counters[i]);
            }
            finally
            {
                stats.Seconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
            RecordHistograms(step, stats, document, result.Dropped);
            trace?.Add(new StepTrace(step.Name, result.Dropped ? "dropped" : ReferenceEquals(before, document.Text) ? "kept" : "changed",
                result.Dropped ? result.Rule : null, result.Dropped ? result.Value : null, result.Dropped ? result.Threshold : null,
                result.Evidence, before.Length, document.Text.Length, document.Scores.ToJsonString()));
            if (result.Dropped)
            {
                stats.RecordDrop(result.Rule, new RejectionExample
                {
                    Id = document.Id,
                    Value = result.Value,
                    Threshold = result.Threshold,
                    Excerpt = Excerpt(document.Text, result.Highlight),
                    Evidence = result.Evidence!,
                    Highlight = result.Highlight,
                });
                return new Rejection(step.Name, result.Rule, result.Value, result.Threshold, result.Evidence);
            }
            stats.Kept++;
            kind.Kept++;
            stats.BytesOut += document.ByteCount;
            stats.WordsOut += document.WordCount;
            if (!ReferenceEquals(before, document.Text))
            {
                stats.Changed++;
            }
        }
        return null;
    }

    /// <summary>Copies the counters into the statistics; call once when the task is done.</summary>
    public StepStatistics[] Complete()
    {
        for (int i = 0; i < _steps.Count; i++)
        {
            foreach (var (name, value) in _counters[i].Values)
            {
                Statistics[i].Counters[name] = value;
            }
        }
        return Statistics;
    }

    /// <summary>The start of the text, or a window around the highlighted part when it lies further in.</summary>
    internal static string Excerpt(string text, string? evidence)
    {
        if (text.Length <= ExcerptChars)
        {
            return text;
        }
        int at = string.IsNullOrEmpty(evidence) ? -1 : text.IndexOf(evidence, StringComparison.Ordinal);
        int start = at < 0 || at + evidence!.Length < ExcerptChars ? 0 : Math.Max(0, at - ExcerptChars / 3);
        int length = Math.Min(ExcerptChars, text.Length - start);
        return (start > 0 ? "…" : "") + text.Substring(start, length) + (start + length < text.Length ? "…" : "");
    }

    private static void RecordHistograms(IDocumentStep step, StepStatistics stats, WorkingDocument document, bool dropped)
    {
        foreach (var spec in step.Histograms)
        {
            if (document.Scores[spec.Score] is JsonValue value && value.TryGetValue(out double v))
            {
                var histogram = stats.Histograms[spec.Score];
                int bin = spec.BinOf(v);
                if (dropped)
                {
                    histogram.Dropped[bin]++;
                }
                else
                {
                    histogram.Kept[bin]++;
                }
            }
        }
    }
}
