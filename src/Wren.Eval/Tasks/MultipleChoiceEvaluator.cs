using Wren.Eval.Scoring;
using Wren.Runtime.Diagnostics;

namespace Wren.Eval.Tasks;

/// <summary>
/// lm-evaluation-harness's <c>multiple_choice</c> output type: each choice is a <c>loglikelihood</c> request
/// (context, <c>" " + choice</c>); <c>acc</c> picks the largest sum, <c>acc_norm</c> the largest sum divided by
/// the choice's length in characters. The choices of a question share one prefill of the context; questions
/// run in parallel on the scorer's workers.
/// </summary>
public sealed class MultipleChoiceEvaluator(ModelScorer scorer, string targetDelimiter = " ")
{
    /// <summary>Scores one question (its context already holds any few-shot examples).</summary>
    public ChoiceScores Score(string context, IReadOnlyList<string> choices, int gold)
    {
        var continuations = new string[choices.Count];
        for (int i = 0; i < choices.Count; i++) continuations[i] = targetDelimiter + choices[i];
        var results = scorer.Loglikelihoods(context, continuations);
        var lls = new double[results.Length];
        for (int i = 0; i < lls.Length; i++) lls[i] = results[i].LogLikelihood;
        return Pick(lls, choices, gold);
    }

    /// <summary>acc and acc_norm choices from loglikelihoods (first index on ties, as numpy's argmax).</summary>
    public static ChoiceScores Pick(IReadOnlyList<double> logLikelihoods, IReadOnlyList<string> choices, int gold)
    {
        int best = 0, bestNorm = 0;
        double bestNormValue = double.NegativeInfinity;
        for (int i = 0; i < logLikelihoods.Count; i++)
        {
            if (logLikelihoods[i] > logLikelihoods[best]) best = i;
            double norm = logLikelihoods[i] / Math.Max(1, choices[i].Length);
            if (norm > bestNormValue)
            {
                bestNormValue = norm;
                bestNorm = i;
            }
        }
        return new ChoiceScores(logLikelihoods, gold, best, bestNorm);
    }

    /// <summary>Scores every question; <paramref name="fewShot"/> prepends solved examples.</summary>
    public MultipleChoiceResult Evaluate(IReadOnlyList<MultipleChoiceItem> items, FewShotPrompt? fewShot = null, IProgressTask? progress = null, CancellationToken cancellationToken = default)
    {
        var scores = new ChoiceScores[items.Count];
        Parallel.For(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = scorer.Workers, CancellationToken = cancellationToken }, i =>
        {
            var item = items[i];
            string context = fewShot is null ? item.Context : fewShot.Build(i, item.Context);
            scores[i] = Score(context, item.Choices, item.Gold);
            progress?.Increment(1);
        });
        return new MultipleChoiceResult(scores);
    }
}
