using Wren.Eval.Scoring;
using Wren.Runtime.Diagnostics;

namespace Wren.Eval.Perplexity;

/// <summary>
/// lm-evaluation-harness's <c>loglikelihood_rolling</c> over held-out documents: each document is encoded
/// without special tokens, scored in <see cref="RollingWindows"/> after the prefix token, and the sums give
/// token/word/byte perplexity and bits per byte. Windows are scored in parallel on the scorer's workers.
/// </summary>
public sealed class PerplexityEvaluator(ModelScorer scorer, PerplexityOptions? options = null)
{
    private readonly PerplexityOptions _options = options ?? new PerplexityOptions();

    /// <summary>Rolling loglikelihood of one text: (sum log p, tokens).</summary>
    public LoglikelihoodResult RollingLoglikelihood(string text)
    {
        int[] tokens = scorer.Tokenizer.Encode(text, addSpecialTokens: false);
        return RollingLoglikelihood(tokens);
    }

    /// <summary>Rolling loglikelihood of tokens, the first predicted from the prefix token.</summary>
    public LoglikelihoodResult RollingLoglikelihood(ReadOnlySpan<int> tokens)
    {
        var (maxLength, stride) = Window();
        var seq = new int[tokens.Length + 1];
        seq[0] = scorer.PrefixTokenId;
        tokens.CopyTo(seq.AsSpan(1));
        double ll = 0;
        bool greedy = true;
        foreach (var w in RollingWindows.Create(tokens.Length, maxLength, stride))
        {
            var r = scorer.ScoreWindow(seq.AsSpan(w.InputStart, w.InputLength), tokens.Slice(w.FirstTarget, w.TargetCount));
            ll += r.LogLikelihood;
            greedy &= r.IsGreedy;
        }
        return new LoglikelihoodResult(ll, greedy, tokens.Length);
    }

    /// <summary>
    /// Scores every document; empty ones are counted in <see cref="PerplexityResult.Skipped"/>. The windows of all
    /// documents are scored in parallel, so one long document does not leave workers idle.
    /// </summary>
    public PerplexityResult Evaluate(IReadOnlyList<string> documents, IProgressTask? progress = null, CancellationToken cancellationToken = default)
    {
        var (maxLength, stride) = Window();
        var sequences = new int[documents.Count][];
        var jobs = new List<(int Document, RollingWindow Window)>();
        for (int d = 0; d < documents.Count; d++)
        {
            int[] tokens = scorer.Tokenizer.Encode(documents[d], addSpecialTokens: false);
            sequences[d] = [scorer.PrefixTokenId, .. tokens];
            foreach (var w in RollingWindows.Create(tokens.Length, maxLength, stride)) jobs.Add((d, w));
        }
        progress?.SetTotal(jobs.Count);
        var windowLl = new double[jobs.Count];
        Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = scorer.Workers, CancellationToken = cancellationToken }, j =>
        {
            var (d, w) = jobs[j];
            int[] seq = sequences[d];
            // seq[k + 1] is tokens[k].
            windowLl[j] = scorer.ScoreWindow(seq.AsSpan(w.InputStart, w.InputLength), seq.AsSpan(w.FirstTarget + 1, w.TargetCount)).LogLikelihood;
            progress?.Increment(1);
        });
        long words = 0, bytes = 0, tokenSum = 0;
        double llSum = 0;
        int used = 0;
        for (int d = 0; d < documents.Count; d++)
        {
            int n = sequences[d].Length - 1;
            if (n == 0) continue;
            used++;
            tokenSum += n;
            words += PerplexityMath.CountWords(documents[d]);
            bytes += PerplexityMath.CountBytes(documents[d]);
        }
        foreach (double ll in windowLl) llSum += ll;
        return new PerplexityResult
        {
            Documents = used,
            Tokens = tokenSum,
            Words = words,
            Bytes = bytes,
            LogLikelihood = llSum,
            Skipped = documents.Count - used,
        };
    }

    private (int MaxLength, int Stride) Window()
    {
        int maxLength = Math.Min(_options.MaxLength ?? scorer.MaxLength, scorer.MaxLength);
        return (maxLength, Math.Min(_options.Stride ?? maxLength, maxLength));
    }
}
