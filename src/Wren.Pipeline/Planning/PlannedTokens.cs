using Wren.Data.Documents;
using Wren.Eval.Planning;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;
using Wren.Runtime.Tokenization;

namespace Wren.Pipeline.Planning;

/// <summary>
/// The training tokens <c>wren plan</c> plans on: counted in the organization's corpus with its tokenizer, else the
/// count given, else Chinchilla's 20 tokens per parameter.
/// </summary>
/// <param name="Counted">The corpus count, when the tokens were counted.</param>
public sealed record PlannedTokens(double Tokens, CorpusTokenCount? Counted)
{
    /// <summary>Whether nothing said how many tokens, so the plan took Chinchilla's ratio.</summary>
    public bool IsChinchillaDefault { get; private init; }

    /// <param name="tokens">--tokens as written (2.7B, 1.4T, 124M), or null.</param>
    /// <param name="corpus">--corpus: shards, JSONL or text files to count in; --tokens and --corpus exclude each other.</param>
    /// <param name="tokenizer">--tokenizer: what counts the corpus; needed with it, refused without it.</param>
    public static PlannedTokens Resolve(string? tokens, IReadOnlyList<string> corpus, string? tokenizer, ModelShape model, IProgressSink progress, CancellationToken cancellationToken)
    {
        if (corpus.Count == 0)
        {
            if (tokenizer is not null) throw new WrenException("--tokenizer is only used with --corpus");
            return tokens is null
                ? new PlannedTokens(ChinchillaComparison.TokensPerParameter * model.Parameters, null) { IsChinchillaDefault = true }
                : new PlannedTokens(QuantityParser.Parse(tokens, "--tokens"), null);
        }

        if (tokens is not null) throw new WrenException("give either --tokens or --corpus, not both");
        if (tokenizer is null) throw new WrenException("--corpus needs --tokenizer (the tokenizer.json to count with; wren tokenizer train makes one)");
        var counted = CorpusTokenCount.Count(new CorpusTexts(corpus), BpeTokenizer.Load(tokenizer), progress, cancellationToken);
        if (counted.Tokens == 0) throw new WrenException($"{string.Join(", ", corpus)}: the corpus holds no text to count");
        return new PlannedTokens(counted.Tokens, counted);
    }
}
