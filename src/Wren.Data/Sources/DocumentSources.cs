using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Wren.Data.Documents;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;

namespace Wren.Data.Sources;

/// <summary>
/// The documents of a set of sources (files, folders, archives, a SQL query), streamed. This is the library
/// entry that <c>wren ingest</c> and the curation stage share:
/// <code>
/// var sources = new DocumentSources(["samples/acme"], new SourceOptions { Exclude = ["**/bad/**"] });
/// await foreach (Document d in sources.ReadAsync(progress, ct)) { ... }
/// // then: sources.Errors, sources.Statistics
/// </code>
/// Files are read in parallel (<see cref="SourceOptions.Threads"/>), yet documents come out in input order
/// (arguments in order, folder contents sorted by path), so output and ids do not depend on the thread
/// count. Memory stays bounded: at most a few files per thread are in flight, each behind a bounded
/// channel of documents. A bad input never stops the run: it is added to <see cref="Errors"/>.
/// </summary>
public sealed class DocumentSources
{
    /// <summary>Documents buffered per batch in flight; the reader waits when the consumer is behind.</summary>
    private const int DocumentsPerFile = 64;

    /// <summary>Most files, and most bytes, in one batch handed to a worker.</summary>
    private const int BatchFiles = 32;
    private const long BatchBytes = 1L << 20;

    private readonly SourceOptions _options;
    private readonly List<SourceScanner.ScannedFile> _files;
    private readonly SqlSource? _sql;
    private readonly DocumentReaderRegistry _readers = DocumentReaderRegistry.Default;
    private readonly FormatCounters _counters = new();
    private readonly ExpansionBudget _budget;
    private readonly List<IngestError> _problems = new();
    private readonly List<string> _skipped = new();
    private int _started;

    /// <summary>Resolves the sources now (so a missing path fails before any work starts).</summary>
    /// <param name="sources">Files and folders; may be empty when <see cref="SourceOptions.Sql"/> is set.</param>
    /// <exception cref="WrenException">A source does not exist or the options do not fit together.</exception>
    public DocumentSources(IReadOnlyList<string> sources, SourceOptions options)
        : this(sources, options, excludeDirectory: null)
    {
    }

    internal DocumentSources(IReadOnlyList<string> sources, SourceOptions options, string? excludeDirectory)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Threads < 1)
        {
            throw new WrenException($"--threads must be at least 1 (got {options.Threads})");
        }
        if (options.Sql is not null && options.Connection is null)
        {
            throw new WrenException("--sql needs --connection (a SQLite file or connection string, or a PostgreSQL one)");
        }
        if (options.Sql is null && options.Connection is not null)
        {
            throw new WrenException("--connection needs --sql (the query whose rows become documents)");
        }
        if (sources.Count == 0 && options.Sql is null)
        {
            throw new WrenException("nothing to read: give at least one SOURCE (file or folder) or --sql with --connection");
        }
        if (options.MaxDocumentChars < 1 || options.MaxExpandedBytes < 1 || options.MaxTotalExpandedBytes < 1 || options.MaxArchiveDepth < 0 || !(options.MaxCompressionRatio >= 1))
        {
            throw new WrenException("the limits --max-document-chars, --max-expanded-bytes, --max-total-expanded-bytes and --max-compression-ratio must be at least 1, --max-archive-depth at least 0");
        }
        _options = options;
        _budget = new ExpansionBudget(options.MaxTotalExpandedBytes);
        _files = SourceScanner.Scan(sources, options, excludeDirectory, _problems);
        _sql = options.Sql is null ? null : SqlSource.Create(options.Sql, options.Connection!);
        foreach (var file in _files)
        {
            TotalBytes += file.Length;
        }
    }

    /// <summary>Files found in the sources (before reading; archive entries and attachments not counted).</summary>
    public int FileCount => _files.Count;

    /// <summary>The real paths of those files, in reading order.</summary>
    internal IReadOnlyList<string> FilePaths => _files.ConvertAll(f => f.Path);

    /// <summary>Total size of those files.</summary>
    public long TotalBytes { get; }

    /// <summary>Bad inputs, in input order; complete once <see cref="ReadAsync"/> has been enumerated to the end.</summary>
    public IReadOnlyList<IngestError> Errors => _problems.Where(p => !p.IsWarning).ToList();

    /// <summary>Inputs read with a caveat (text taken as Latin-1, CSV rows merged by a quote), in input order.</summary>
    public IReadOnlyList<IngestError> Warnings => _problems.Where(p => p.IsWarning).ToList();

    /// <summary>Errors and warnings together, in input order: what <c>ingest-errors.jsonl</c> lists.</summary>
    public IReadOnlyList<IngestError> Problems => _problems;

    /// <summary>Inputs of formats no reader knows (not errors).</summary>
    public IReadOnlyList<string> Skipped => _skipped;

    /// <summary>Per-format files, documents, bytes and errors so far.</summary>
    public IReadOnlyList<FormatStatistics> Statistics => _counters.Snapshot();

    /// <summary>Streams every document once, in input order. May be enumerated only once.</summary>
    /// <param name="progress">Receives bytes read (total: <see cref="TotalBytes"/>).</param>
    public async IAsyncEnumerable<Document> ReadAsync(IProgressSink? progress = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("DocumentSources can be read once; create another to read again.");
        }
        using IProgressTask bar = (progress ?? NullProgressSink.Instance).Begin("ingest", TotalBytes, "B");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        int threads = _options.Threads;
        var jobs = Channel.CreateBounded<Job>(new BoundedChannelOptions(threads * 2) { SingleReader = true, SingleWriter = true });
        var slots = new SemaphoreSlim(threads);
        var workers = new List<Task>();
        Task producer = ProduceAsync(jobs.Writer, slots, workers, bar, cts.Token);
        try
        {
            while (await jobs.Reader.WaitToReadAsync(cts.Token).ConfigureAwait(false))
            {
                while (jobs.Reader.TryRead(out Job? job))
                {
                    await foreach (Document document in job.Output.Reader.ReadAllAsync(cts.Token).ConfigureAwait(false))
                    {
                        job.Context.Consumed(document);
                        yield return document;
                    }
                    _problems.AddRange(job.Context.Errors);
                    _skipped.AddRange(job.Context.Skipped);
                }
            }
            await producer.ConfigureAwait(false);
        }
        finally
        {
            // Normal end, an exception, or a consumer that stopped early: stop the workers and wait for them,
            // so no reader keeps a file open after this returns.
            await cts.CancelAsync().ConfigureAwait(false);
            try
            {
                await producer.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            Task[] running;
            lock (workers)
            {
                running = workers.ToArray();
            }
            await Task.WhenAll(running).ConfigureAwait(false);
            slots.Dispose();
        }
    }

    private async Task ProduceAsync(ChannelWriter<Job> jobs, SemaphoreSlim slots, List<Task> workers, IProgressTask bar, CancellationToken cancellationToken)
    {
        try
        {
            // Small files go to workers in batches of consecutive files: one hand-off per batch instead of per
            // file (on a folder of e-mails the hand-offs, not the parsing, were the cost). Order is kept: a batch
            // is read in order and batches are consumed in order.
            var batch = new List<SourceScanner.ScannedFile>();
            long batchBytes = 0;
            foreach (var file in _files)
            {
                batch.Add(file);
                batchBytes += file.Length;
                if (batch.Count >= BatchFiles || batchBytes >= BatchBytes)
                {
                    await StartBatchAsync(batch, jobs, slots, workers, bar, cancellationToken).ConfigureAwait(false);
                    batch = new List<SourceScanner.ScannedFile>();
                    batchBytes = 0;
                }
            }
            if (batch.Count > 0)
            {
                await StartBatchAsync(batch, jobs, slots, workers, bar, cancellationToken).ConfigureAwait(false);
            }
            if (_sql is SqlSource sql)
            {
                await StartAsync(jobs, slots, workers, static () => { },
                    (ctx, ct) => ctx.ReadInputAsync(sql.DisplayName, sql.Kind, 0, c => sql.ReadAsync(ctx, c), ct), cancellationToken).ConfigureAwait(false);
            }
            jobs.TryComplete();
        }
        catch (Exception e)
        {
            jobs.TryComplete(e);
        }
    }

    private Task StartBatchAsync(List<SourceScanner.ScannedFile> batch, ChannelWriter<Job> jobs, SemaphoreSlim slots, List<Task> workers, IProgressTask bar, CancellationToken cancellationToken) =>
        StartAsync(jobs, slots, workers, static () => { }, async (ctx, ct) =>
        {
            foreach (var file in batch)
            {
                // Bytes are reported as the file is read; whatever a reader skipped is added when the file is done.
                var progress = new ProgressReportingStream.HighWater(bytes => bar.Increment(bytes));
                await ctx.ReadAsync(SourceFile.FromPath(file.Path, file.Name, progress), file.Explicit, ct).ConfigureAwait(false);
                progress.Advance(file.Length);
            }
        }, cancellationToken);

    /// <summary>Waits for a free worker slot (in input order, so the consumer's next job is always running or done),
    /// then starts the job and queues it for the consumer.</summary>
    private async Task StartAsync(ChannelWriter<Job> jobs, SemaphoreSlim slots, List<Task> workers, Action done,
        Func<ReadContext, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var output = Channel.CreateBounded<Document>(new BoundedChannelOptions(DocumentsPerFile) { SingleReader = true, SingleWriter = true });
        var job = new Job(new ReadContext(_options, _readers, _counters, _budget, output.Writer), output);
        Task worker = Task.Run(async () =>
        {
            try
            {
                await work(job.Context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped: the consumer has gone; nothing to report.
            }
            finally
            {
                output.Writer.TryComplete();
                done();
                slots.Release();
            }
        }, CancellationToken.None);
        lock (workers)
        {
            workers.Add(worker);
        }
        await jobs.WriteAsync(job, cancellationToken).ConfigureAwait(false);
    }

    private sealed record Job(ReadContext Context, Channel<Document> Output);
}
