namespace Wren.Eval.Perplexity;

/// <summary>
/// Rolling loglikelihood of held-out text and the harness's metrics over it (all sums over documents,
/// then one division: the harness's <c>weighted_perplexity</c> and <c>bits_per_byte</c> aggregations).
/// </summary>
public sealed record PerplexityResult
{
    public required int Documents { get; init; }

    /// <summary>Scored tokens (every token of every document).</summary>
    public required long Tokens { get; init; }

    /// <summary>Words as the harness counts them: pieces of <c>re.split(r"\s+", doc)</c>.</summary>
    public required long Words { get; init; }

    /// <summary>UTF-8 bytes of the documents.</summary>
    public required long Bytes { get; init; }

    /// <summary>Sum of log p over all tokens (natural log, negative).</summary>
    public required double LogLikelihood { get; init; }

    /// <summary>Documents skipped because they were empty or encoded to no tokens.</summary>
    public int Skipped { get; init; }

    /// <summary>exp(mean negative log-likelihood per token).</summary>
    public double TokenPerplexity => Math.Exp(-LogLikelihood / Math.Max(1, Tokens));

    /// <summary>exp(-LL / words).</summary>
    public double WordPerplexity => Math.Exp(-LogLikelihood / Math.Max(1, Words));

    /// <summary>exp(-LL / bytes).</summary>
    public double BytePerplexity => Math.Exp(-LogLikelihood / Math.Max(1, Bytes));

    /// <summary>-LL / bytes / ln 2: tokenizer-independent, so models with different vocabularies compare.</summary>
    public double BitsPerByte => PerplexityMath.BitsPerByte(LogLikelihood, Bytes);
}
