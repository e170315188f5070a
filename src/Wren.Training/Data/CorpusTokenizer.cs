using System.Text;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;
using Wren.Runtime.Tokenization;

namespace Wren.Training.Data;

/// <summary>
/// Turns documents into llm.c token shards: each document is encoded (in parallel, in batches),
/// preceded by the separator token, and written in input order to <c>train_NNN.bin</c> or, for the
/// documents whose id hashes into the validation fraction, <c>val_NNN.bin</c>. The output is the
/// same whatever the thread count.
/// </summary>
public static class CorpusTokenizer
{
    private const int BatchDocuments = 256;

    public static CorpusTokenizeResult Run(IEnumerable<(string Id, string Text)> documents, BpeTokenizer tokenizer,
        CorpusTokenizeOptions options, IProgressTask? progress = null, CancellationToken cancellationToken = default)
    {
        if (options.ValidationFraction is < 0 or >= 1)
        {
            throw new WrenException($"validation fraction must be in [0, 1), not {options.ValidationFraction}");
        }
        int separator = tokenizer.TokenToId(options.DocumentSeparator)
            ?? throw new WrenException($"the tokenizer has no document separator token {options.DocumentSeparator}");
        int threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        using var train = new TokenShardWriter(options.OutputDirectory, "train", tokenizer.VocabularySize, options.MaxTokensPerShard);
        using var val = new TokenShardWriter(options.OutputDirectory, "val", tokenizer.VocabularySize, options.MaxTokensPerShard);
        long trainDocs = 0, valDocs = 0, chars = 0;
        var batch = new List<(string Id, string Text)>(BatchDocuments);
        var encoded = new List<int>[BatchDocuments];
        for (int i = 0; i < encoded.Length; i++)
        {
            encoded[i] = new List<int>();
        }
        try
        {
            foreach (var doc in documents)
            {
                batch.Add(doc);
                if (batch.Count == BatchDocuments)
                {
                    Flush();
                }
            }
            Flush();
        }
        catch
        {
            train.Abandon();
            val.Abandon();
            throw;
        }
        train.Dispose();
        val.Dispose();
        return new CorpusTokenizeResult
        {
            TrainDocuments = trainDocs,
            TrainTokens = train.TokenCount,
            ValidationDocuments = valDocs,
            ValidationTokens = val.TokenCount,
            Files = [.. train.Files, .. val.Files],
            Characters = chars,
        };

        void Flush()
        {
            cancellationToken.ThrowIfCancellationRequested();
            Parallel.For(0, batch.Count, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken }, i =>
            {
                List<int> ids = encoded[i];
                ids.Clear();
                ids.Add(separator);
                tokenizer.Encode(batch[i].Text, ids, addSpecialTokens: false);
            });
            long batchChars = 0;
            for (int i = 0; i < batch.Count; i++)
            {
                bool isVal = IsValidation(batch[i].Id, options.ValidationFraction);
                (isVal ? val : train).Write(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(encoded[i]));
                if (isVal)
                {
                    valDocs++;
                }
                else
                {
                    trainDocs++;
                }
                batchChars += batch[i].Text.Length;
            }
            chars += batchChars;
            progress?.Increment(batch.Count);
            batch.Clear();
        }
    }

    /// <summary>Whether a document belongs to the validation split: FNV-1a of its id, scaled to [0, 1).</summary>
    public static bool IsValidation(string id, double fraction)
    {
        if (fraction <= 0)
        {
            return false;
        }
        ulong hash = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(id))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        // Mix the high bits down: FNV's low bits are weak for short similar ids.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return (hash >> 11) * (1.0 / (1UL << 53)) < fraction;
    }
}
