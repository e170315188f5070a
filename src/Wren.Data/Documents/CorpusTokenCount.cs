using Wren.Runtime.Diagnostics;
using Wren.Runtime.Tokenization;

namespace Wren.Data.Documents;

/// <summary>
/// How many tokens a corpus holds under a given tokenizer, so that <c>wren plan --corpus</c> plans on the
/// organization's real data instead of a guessed token count. Counts exactly (every document is encoded),
/// in batches over all cores, with the separator token <c>wren tokenize</c> puts between documents.
/// </summary>
public sealed record CorpusTokenCount(long Documents, long Bytes, long Tokens)
{
    private const int BatchDocuments = 256;

    /// <summary>Bytes of UTF-8 text per token: the compression the tokenizer achieves on this corpus.</summary>
    public double BytesPerToken => Tokens == 0 ? 0 : (double)Bytes / Tokens;

    public static CorpusTokenCount Count(CorpusTexts corpus, BpeTokenizer tokenizer, IProgressSink progress, CancellationToken cancellationToken)
    {
        using IProgressTask task = progress.Begin("Counting tokens", null, "docs");
        long documents = 0, bytes = 0, tokens = 0;
        var batch = new List<string>(BatchDocuments);
        foreach (var (_, text) in corpus.Documents())
        {
            batch.Add(text);
            if (batch.Count == BatchDocuments)
            {
                Flush();
            }
        }
        Flush();
        return new CorpusTokenCount(documents, bytes, tokens);

        void Flush()
        {
            cancellationToken.ThrowIfCancellationRequested();
            long batchTokens = 0, batchBytes = 0;
            Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = cancellationToken },
                () => (Tokens: 0L, Bytes: 0L),
                (i, _, local) =>
                {
                    string text = batch[i];
                    // +1: the document separator that wren tokenize writes before every document.
                    return (local.Tokens + tokenizer.CountTokens(text, addSpecialTokens: false) + 1,
                        local.Bytes + System.Text.Encoding.UTF8.GetByteCount(text));
                },
                local =>
                {
                    Interlocked.Add(ref batchTokens, local.Tokens);
                    Interlocked.Add(ref batchBytes, local.Bytes);
                });
            documents += batch.Count;
            tokens += batchTokens;
            bytes += batchBytes;
            task.Increment(batch.Count);
            batch.Clear();
        }
    }
}
