using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Wren.Data.Curation.Dedup;
using Wren.Data.Curation.Recipe;
using Wren.Data.Curation.Text;
using Wren.Data.Documents;
using Wren.Data.Sources;
using Wren.Eval.Planning;
using Wren.Runtime.Diagnostics;
using Wren.Runtime.Tokenization;

namespace Wren.Pipeline.Explore;

/// <summary>
/// <c>wren explore</c>'s engine: reads the sources once, as ingest does, streaming; counts every document (formats,
/// words, bytes, exact duplicates, mail and table structure); looks closely at a seeded share of them (all of them up
/// to <see cref="ExploreOptions.AnalyseBytes"/>) on every core: curation's dry run, PII, language, near-duplicates,
/// recurring fields; then finds the candidate tasks, measures their baselines and prices what Wren would build.
/// </summary>
public static class Explorer
{
    /// <summary>UTF-8 bytes per token assumed when no tokenizer is given (English prose under a GPT-2-style BPE is about 4).</summary>
    public const double EstimatedBytesPerToken = 4.0;

    public static async Task<ExploreReport> RunAsync(ExploreOptions options, IProgressSink? progress = null, ITextBaseline? baseline = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        progress ??= NullProgressSink.Instance;
        var clock = Stopwatch.StartNew();
        var sources = new DocumentSources(options.Sources, options.Source with { MailHeaders = MailObserver.Headers });
        // AnalyseBytes 0: structure only (no curation dry run, PII, language or near-duplicates), as wren build's suggestions use.
        double fraction = options.AnalyseBytes <= 0 ? 0 : sources.TotalBytes <= options.AnalyseBytes ? 1 : (double)options.AnalyseBytes / sources.TotalBytes;
        var tokenizer = options.Tokenizer is null ? null : BpeTokenizer.Load(options.Tokenizer);
        var recipe = new CurationRecipe();
        int workers = Math.Max(1, Environment.ProcessorCount);
        var analyzers = Enumerable.Range(0, fraction > 0 ? workers : 0).Select(_ => new DocumentAnalyzer(recipe, tokenizer)).ToArray();
        var queue = Channel.CreateBounded<(Document Document, string Kind, string Family, long Order)>(new BoundedChannelOptions(workers * 64) { SingleWriter = true });
        var signatures = new List<(ulong[] Signature, long Order)>();
        var running = analyzers.Select(a => Task.Run(async () =>
        {
            await foreach (var item in queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                a.Analyse(item.Document, item.Kind, item.Family, signatures, item.Order);
        }, cancellationToken)).ToArray();

        var mail = new MailObserver(options.Sources, options.Seed);
        var records = new RecordObserver(options.Seed);
        var formats = new SortedDictionary<string, (long Documents, long Bytes, long Words)>(StringComparer.Ordinal);
        var texts = new HashSet<ulong>();
        long documents = 0, bytes = 0, words = 0, exact = 0, order = 0;
        long countTicks = 0, mailTicks = 0, recordTicks = 0, handTicks = 0;
        var phases = new PhaseClock();
        try
        {
            await foreach (var document in sources.ReadAsync(progress, cancellationToken).ConfigureAwait(false))
            {
                long started = Stopwatch.GetTimestamp();
                documents++;
                string kind = document.Metadata["format"] is JsonValue f && f.GetValueKind() == JsonValueKind.String ? f.GetValue<string>() : "text";
                int size = Encoding.UTF8.GetByteCount(document.Text);
                int count = WordTokenizer.CountWords(document.Text);
                bytes += size;
                words += count;
                var row = formats.GetValueOrDefault(kind);
                formats[kind] = (row.Documents + 1, row.Bytes + size, row.Words + count);
                if (!texts.Add(TextHash.Of(document.Text.AsSpan().Trim()))) exact++;
                long counted = Stopwatch.GetTimestamp();
                countTicks += counted - started;
                if (MailObserver.IsMail(document))
                {
                    mail.Observe(document);
                    mailTicks += Stopwatch.GetTimestamp() - counted;
                }
                else if (RecordObserver.IsRecord(document, out string format))
                {
                    records.Observe(document, format);
                    recordTicks += Stopwatch.GetTimestamp() - counted;
                }

                if (fraction > 0 && (fraction >= 1 || Rank(document.Id, options.Seed) < fraction))
                {
                    long handed = Stopwatch.GetTimestamp();
                    await queue.Writer.WriteAsync((document, kind, kind + "@" + Folder(document.Source), order++), cancellationToken).ConfigureAwait(false);
                    handTicks += Stopwatch.GetTimestamp() - handed;
                }
            }
        }
        finally
        {
            queue.Writer.TryComplete();
        }

        phases.Mark("read, count and observe (analysis alongside)");
        await Task.WhenAll(running).ConfigureAwait(false);
        phases.Mark("analysis after reading ended");
        var totals = new AnalysisTotals();
        foreach (var a in analyzers) totals.Merge(a.Totals);

        double bytesPerToken = tokenizer is not null && totals.Tokens > 0 ? (double)totals.Bytes / totals.Tokens : EstimatedBytesPerToken;
        long tokens = (long)Math.Round(bytes / bytesPerToken);
        double keptFraction = totals.Documents == 0 ? 0 : (double)totals.Kept / totals.Documents;
        double keptBytesFraction = totals.Bytes == 0 ? 0 : (double)totals.KeptBytes / totals.Bytes;
        long near = NearDuplicates(signatures, recipe);
        phases.Mark("near-duplicates");
        // Curation keeps whole documents, less exact and near duplicates; tokens after it scale with the bytes kept.
        double curatedTokens = totals.Documents == 0 ? tokens : tokens * keptBytesFraction * (1 - (double)near / totals.Documents);

        CpuThroughput? cpu = options.MeasureCpu ? CpuThroughputProbe.Measure(copyBytes: 64L << 20, matrixSize: 384, repetitions: 2) : null;
        phases.Mark("CPU probe");
        var costs = new ExploreCosts(options.Gpu, options.PricePerGpuHour, cpu);
        var finder = new CandidateFinder(options, baseline ?? new TfIdfLogisticRegressionBaseline(), costs, bytesPerToken, curatedTokens, fraction, progress);
        var candidates = finder.Find(mail, records, totals, cancellationToken);
        phases.Mark($"candidates and {candidates.Count(c => c.Baseline is not null)} baselines");
        var timings = phases.Phases.Concat(
            new (string Name, long Ticks)[] { ("count words and exact duplicates (reader thread)", countTicks), ("observe mail (reader thread)", mailTicks), ("observe records (reader thread)", recordTicks), ("wait for the analysers (reader thread)", handTicks) }
                .Concat(totals.Ticks.Select(p => ("analyse: " + p.Key + " (all workers)", p.Value)))
                .Select(p => new PhaseTiming(p.Item1, (double)p.Item2 / Stopwatch.Frequency, null)))
            .Concat(finder.BaselineTimings)
            .ToList();

        var problems = sources.Errors;
        return new ExploreReport
        {
            Sources = options.Sources,
            Documents = documents,
            Bytes = bytes,
            Words = words,
            Tokens = tokens,
            TokensEstimated = tokenizer is null,
            AnalysedFraction = totals.Documents == 0 ? 0 : Math.Min(1, (double)totals.Documents / documents),
            Languages = Sorted(totals.Languages),
            Pii = Sorted(totals.Pii),
            KeptFraction = keptFraction,
            Inventory = new InventorySection
            {
                Formats = formats.Select(p => new FormatCount(p.Key, p.Value.Documents, p.Value.Bytes, p.Value.Words)).OrderByDescending(f => f.Documents).ToList(),
                FirstDate = Min(mail.FirstDate, records.Tables.Values.SelectMany(t => t.Columns.Values).Select(c => c.FirstDate)),
                LastDate = Max(mail.LastDate, records.Tables.Values.SelectMany(t => t.Columns.Values).Select(c => c.LastDate)),
                Mail = new MailInventory
                {
                    Messages = mail.Messages,
                    Attachments = mail.Attachments,
                    DistinctSenders = mail.DistinctSenders,
                    SenderDomains = mail.SenderDomains,
                    Lists = MailObserver.Top(mail.Lists, 30),
                    Folders = mail.FoldersByRoot.SelectMany(p => p.Value.Select(c => new NamedCount(p.Key + "/" + c.Key, c.Value))).OrderByDescending(c => c.Count).Take(30).ToList(),
                    Replies = mail.Replies,
                },
                Tables = records.Tables.Values.OrderBy(t => t.Source, StringComparer.Ordinal).Select(Table).ToList(),
                UnreadableCount = problems.Count,
                Unreadable = problems.Take(50).Select(p => new UnreadableFile(p.File, p.Error)).ToList(),
            },
            Quality = new QualitySection
            {
                Analysed = totals.Documents,
                Kept = totals.Kept,
                ByKind = totals.Kinds.Select(p => new KindQuality(p.Key, p.Value.Documents, p.Value.Kept, p.Value.Dropped, p.Value.Examples)).ToList(),
                ExactDuplicates = exact,
                NearDuplicates = near,
                ExactDuplicateRate = documents == 0 ? 0 : (double)exact / documents,
                NearDuplicateRate = totals.Documents == 0 ? 0 : (double)near / totals.Documents,
                PiiExamples = totals.PiiExamples.OrderBy(e => e.Type, StringComparer.Ordinal).ToList(),
            },
            Candidates = candidates,
            SpamLikeMessages = candidates.Any(c => c.Kind == "spam" && c.Baseline is null && c.Labels?.ContainsKey("spam-like") == true) ? mail.SpamLikeSources : [],
            Cost = new CostSection
            {
                TokensAfterCuration = curatedTokens,
                Gpu = costs.Gpu,
                PricePerGpuHour = options.PricePerGpuHour > 0 ? options.PricePerGpuHour : null,
                CpuFlops = costs.CpuFlops,
                CpuMeasured = costs.CpuMeasured,
                Rows = costs.Rows(curatedTokens),
                Chinchilla = ExploreCosts.ChinchillaView(curatedTokens),
                ChinchillaParameters = curatedTokens / ChinchillaComparison.TokensPerParameter,
            },
            Seconds = clock.Elapsed.TotalSeconds,
            Timings = timings,
        };
    }

    /// <summary>Documents with a similar earlier one (MinHash LSH with the dedup step's bands and rows, then the estimated Jaccard against its threshold).</summary>
    private static long NearDuplicates(List<(ulong[] Signature, long Order)> signatures, CurationRecipe recipe)
    {
        signatures.Sort((a, b) => a.Order.CompareTo(b.Order));
        var buckets = new Dictionary<ulong, int>[recipe.Dedup.Bands];
        for (int b = 0; b < buckets.Length; b++) buckets[b] = new Dictionary<ulong, int>();
        long near = 0;
        for (int i = 0; i < signatures.Count; i++)
        {
            bool duplicate = false;
            var signature = signatures[i].Signature;
            for (int b = 0; b < buckets.Length; b++)
            {
                ulong key = MinHasher.BandKey(signature, b, recipe.Dedup.Rows);
                if (buckets[b].TryGetValue(key, out int first))
                {
                    duplicate |= !duplicate && MinHasher.EstimateJaccard(signature, signatures[first].Signature) >= recipe.Dedup.Threshold;
                }
                else
                {
                    buckets[b][key] = i;
                }
            }

            if (duplicate) near++;
        }

        return near;
    }

    private static TableInventory Table(TableState t) => new(t.Source, t.Format, t.Rows, TextColumns.Resolve(t),
        t.Columns.Values.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => new ColumnInventory(c.Name, c.Filled, c.Values.Count, c.Capped, c.MeanLength, Role(c, t.Rows))).ToList());

    private static string Role(ColumnState c, long rows) =>
        c.Filled == 0 ? "empty"
        : c.Dates >= c.Filled / 2 ? "date"
        : !c.Capped && c.Values.Count >= 2 && c.Values.Count <= Math.Max(2, Math.Min(50, rows / 5)) && c.MeanLength <= 40 ? "label-like"
        : c.Numbers >= c.Filled / 2 ? "number"
        : c.MeanLength >= 40 ? "text"
        : c.Capped || c.Values.Count >= c.Filled * 9 / 10 ? "identifier-like"
        : "short text";

    /// <summary>A document's rank in [0, 1): the same id is always in or out of the analysed share.</summary>
    private static double Rank(string id, ulong seed) => (XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(id), (long)seed) >> 11) * (1.0 / (1UL << 53));

    private static string Folder(string source)
    {
        int hash = source.IndexOf('#', StringComparison.Ordinal);
        string path = (hash >= 0 ? source[..hash] : source).Replace('\\', '/');
        int slash = path.LastIndexOf('/');
        return slash < 0 ? "." : path[..slash];
    }

    private static IReadOnlyDictionary<string, long> Sorted(Dictionary<string, long> counts)
    {
        var ordered = new OrderedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (k, v) in counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)) ordered[k] = v;
        return ordered;
    }

    private static string? Min(string? first, IEnumerable<string?> more) =>
        more.Append(first).Where(d => d is not null).OrderBy(d => d, StringComparer.Ordinal).FirstOrDefault();

    private static string? Max(string? first, IEnumerable<string?> more) =>
        more.Append(first).Where(d => d is not null).OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault();

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
