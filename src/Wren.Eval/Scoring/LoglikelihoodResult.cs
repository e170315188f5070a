namespace Wren.Eval.Scoring;

/// <summary>
/// What lm-evaluation-harness's <c>loglikelihood</c> request returns for one (context, continuation) pair:
/// the summed log-probability of the continuation's tokens and whether greedy decoding would have produced
/// exactly them.
/// </summary>
/// <param name="LogLikelihood">Sum over continuation tokens of log p(token | everything before it), natural log.</param>
/// <param name="IsGreedy">Every continuation token was the argmax at its position.</param>
/// <param name="TokenCount">Tokens in the continuation.</param>
public readonly record struct LoglikelihoodResult(double LogLikelihood, bool IsGreedy, int TokenCount);
