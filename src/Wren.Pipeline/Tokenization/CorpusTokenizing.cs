using System.Diagnostics;
using Wren.Data.Documents;
using Wren.Pipeline.Build;
using Wren.Runtime.Diagnostics;
using Wren.Runtime.Tokenization;
using Wren.Training.Data;

namespace Wren.Pipeline.Tokenization;

/// <summary>
/// <c>wren tokenize</c>: curated documents to llm.c token shards (<see cref="CorpusTokenizer"/>), and the validation
/// documents as text beside them (<see cref="HeldOutFile"/>): what <c>wren eval</c> should score, so it never scores
/// what was trained on.
/// </summary>
public static class CorpusTokenizing
{
    /// <summary>The validation documents as JSONL {"id", "text"}, beside the shards.</summary>
    public const string HeldOutFile = "heldout.jsonl";

    public static CorpusTokenizingResult Run(IReadOnlyList<string> corpus, BpeTokenizer tokenizer, CorpusTokenizeOptions options, IProgressSink progress, CancellationToken cancellationToken)
    {
        var texts = new CorpusTexts(corpus);
        var clock = Stopwatch.StartNew();
        CorpusTokenizeResult shards;
        using (var task = progress.Begin("tokenize", null, "docs"))
        {
            shards = CorpusTokenizer.Run(texts.Documents(), tokenizer, options, task, cancellationToken);
        }
        var elapsed = clock.Elapsed;
        string heldOut = Path.Combine(options.OutputDirectory, HeldOutFile);
        HeldOutDocuments.WriteJsonl(texts.Documents().Where(d => CorpusTokenizer.IsValidation(d.Id, options.ValidationFraction)).ToList(), heldOut);
        return new CorpusTokenizingResult(shards, heldOut, elapsed, texts.Skipped, texts.FirstProblem);
    }
}
