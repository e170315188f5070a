using Wren.Eval.Scoring;
using Wren.Runtime.Diagnostics;

namespace Wren.Eval.Perplexity;

/// <summary>
/// lm-evaluation-harness's <c>loglikelihood_rolling</c> over held-out documents: each document is encoded
/// without special tokens, scored in <see cref="RollingWindows"/> after the prefix token, and the sums give
/// token/word/byte perplexity and bits per byte. Documents are scored in parallel on the scorer's workers.
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
        int maxLength = Math.Min(_options.MaxLength ?? scorer.MaxLength, scorer.MaxLength);
        int stride = Math.Min(_options.Stride ?? maxLength, maxLength);
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

    /// <summary>Scores every document; empty ones are counted in <see cref="PerplexityResult.Skipped"/>.</summary>
    public PerplexityResult Evaluate(IReadOnlyList<string> documents, IProgressTask? progress = null, CancellationToken cancellationToken = default)
    {
        var ll = new double[documents.Count];
        var tokens = new long[documents.Count];
        Parallel.For(0, documents.Count, new ParallelOptions { MaxDegreeOfParallelism = scorer.Workers, CancellationToken = cancellationToken }, i =>
        {
            if (documents[i].Length > 0)
            {
                var r = RollingLoglikelihood(documents[i]);
                ll[i] = r.LogLikelihood;
                tokens[i] = r.TokenCount;
            }
            progress?.Increment(1);
        });
        long words = 0, bytes = 0, tokenSum = 0;
        double llSum = 0;
        int used = 0;
        for (int i = 0; i < documents.Count; i++)
        {
            if (tokens[i] == 0) continue;
            used++;
            tokenSum += tokens[i];
            llSum += ll[i];
            words += PerplexityMath.CountWords(documents[i]);
            bytes += PerplexityMath.CountBytes(documents[i]);
        }
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
}
