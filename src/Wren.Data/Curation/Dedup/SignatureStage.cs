using System.Globalization;
using System.Text.Json.Nodes;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Text;
using Wren.Data.Documents;

namespace Wren.Data.Curation.Dedup;

/// <summary>
/// One task per shard of surviving documents: MinHash signatures, the normalized-text hash, length
/// and date of each document, and how many documents contain each (long enough) line and paragraph
/// (<see cref="BoilerplateUnits"/>), for the boilerplate step: the first of its two passes. The
/// counts are exact per shard and written sorted by hash, so the cluster stage merges them as streams.
/// </summary>
public sealed class SignatureStage : ICurationStage
{
    private readonly CurationLayout _layout;
    private readonly int _shards;
    private readonly MinHasher? _hasher;
    private readonly BoilerplateOptions _boilerplate;

    public SignatureStage(CurationLayout layout, int shards, MinHashOptions options, BoilerplateOptions boilerplate)
    {
        _layout = layout;
        _shards = shards;
        _hasher = options.Near ? new MinHasher(options.Bands * options.Rows, options.NGram, options.Seed) : null;
        _boilerplate = boilerplate;
    }

    public string Name => "signatures";

    public int TaskCount => _shards;

    public void RunTask(int task, CancellationToken cancellationToken)
    {
        string input = CurationLayout.Shard(_layout.Map, task);
        var signatures = new List<ulong[]>();
        var documents = new List<DedupDocumentInfo>();
        var lineCounts = new Dictionary<ulong, int>();
        var seenInDocument = new HashSet<ulong>();
        var words = new List<ulong>();
        if (File.Exists(input))
        {
            foreach (var document in DocumentShardReader.Read(input))
            {
                cancellationToken.ThrowIfCancellationRequested();
                string text = document.Text;
                if (_hasher is not null)
                {
                    var signature = new ulong[_hasher.Permutations];
                    _hasher.Compute(text, signature, words);
                    signatures.Add(signature);
                }
                else
                {
                    words.Clear();
                    MinHasher.HashWords(text, words);
                }
                documents.Add(new DedupDocumentInfo(document.Id, text.Length, DocumentTime(document.Metadata), NormalizedHash(words)));
                if (_boilerplate.Enabled)
                {
                    seenInDocument.Clear();
                    BoilerplateUnits.Collect(text, _boilerplate.MinChars, seenInDocument);
                    foreach (ulong h in seenInDocument)
                    {
                        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(lineCounts, h, out _)++;
                    }
                }
            }
        }
        MapStage.CheckReadAll(_layout, task, input, documents.Count);
        Directory.CreateDirectory(_layout.Dedup);
        DedupFiles.WriteSignatures(DedupFiles.Signatures(_layout.Dedup, task), _hasher?.Permutations ?? 0, signatures);
        DedupFiles.WriteDocuments(DedupFiles.Documents(_layout.Dedup, task), documents);
        DedupFiles.WriteLineCounts(DedupFiles.Lines(_layout.Dedup, task), lineCounts);
    }

    /// <summary>The hash of the text's lower-cased words in order: equal for texts differing only in case, spacing or punctuation.</summary>
    internal static ulong NormalizedHash(List<ulong> words)
    {
        ulong h = 0x243F6A8885A308D3UL;
        foreach (ulong w in words)
        {
            h = TextHash.Combine(h, w);
        }
        return h;
    }

    /// <summary>The document's date from common metadata keys, as UTC ticks; 0 when it has none.</summary>
    internal static long DocumentTime(JsonObject metadata)
    {
        foreach (string key in new[] { "modified", "date", "timestamp", "created", "year" })
        {
            if (metadata[key] is not JsonValue value)
            {
                continue;
            }
            if (value.TryGetValue(out string? s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                return date.UtcTicks;
            }
            if (value.TryGetValue(out double number))
            {
                // A bare year, or Unix seconds.
                return key == "year" || number is > 1000 and < 3000
                    ? new DateTimeOffset((int)number, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks
                    : DateTimeOffset.FromUnixTimeSeconds((long)number).UtcTicks;
            }
        }
        return 0;
    }
}
