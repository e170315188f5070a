using System.Text.Json;
using Wren.Data.Documents;
using Wren.Data.Sources;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;

namespace Wren.Data.Curation.Pipeline;

/// <summary>
/// Turns what the user gives into input shards: folders and files of document shards are used as
/// they are; a stream of documents (from <c>wren ingest</c> sources) is written into
/// <c>work/input</c> shards first, so that every task has a file to resume from.
/// </summary>
public static class CurationInputs
{
    /// <summary>Documents per input shard when ingested sources are spilled and no task count is asked for.</summary>
    public const int DefaultDocumentsPerShard = 10_000;

    private const string CompleteMarker = ".complete";
    private const string SourcesFile = ".sources.txt";

    /// <summary>Records per spilled shard, for <see cref="CheckReadAll"/>.</summary>
    private const string CountsFile = ".counts.json";

    /// <summary>
    /// The input shards for a run in <paramref name="layout"/>. Document shards are used in place when
    /// that is all there is and no task count is asked for. Otherwise every document (shards first, in
    /// the order given, then the ingested sources, in ingest's order) is written to
    /// <c>work/input/part-NNNNN.jsonl.zst</c>; a resumed run reuses those shards when the sources are
    /// the same and the spill had finished. Malformed shard lines are copied as they are, for the map
    /// stage to count.
    /// </summary>
    public static CurationInputSet Prepare(CurationSources sources, CurationLayout layout, bool resume, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        if (sources.Tasks is < 1)
        {
            throw new WrenException($"--tasks must be at least 1 (got {sources.Tasks})");
        }
        var (shardPaths, rawPaths) = Classify(sources);
        if (rawPaths.Count == 0 && sources.Ingest.Sql is null && sources.Tasks is null)
        {
            return new CurationInputSet(FromPaths(shardPaths), 0, null);
        }
        string directory = layout.Input;
        var shardFiles = shardPaths.SelectMany(DocumentShardReader.ShardFiles).ToList();
        DocumentSources? raw = rawPaths.Count > 0 || sources.Ingest.Sql is not null ? new DocumentSources(rawPaths, sources.Ingest) : null;
        // The sources' own files are recorded with the options: a resumed run must not reuse shards spilled
        // from files that changed since (nor let the next stages mix their old and new documents).
        IReadOnlyList<string> sourceFiles = [.. shardFiles, .. raw?.FilePaths ?? []];
        string fingerprint = Fingerprint(sources);
        string marker = Path.Combine(directory, CompleteMarker);
        string sourcesFile = Path.Combine(directory, SourcesFile);
        string errorsFile = Path.Combine(directory, IngestPipeline.ErrorsFileName);
        if (resume && File.Exists(marker) && File.Exists(sourcesFile))
        {
            string recorded = File.ReadAllText(sourcesFile);
            int split = recorded.IndexOf('\n');
            if ((split < 0 ? recorded : recorded[..split]) != fingerprint)
            {
                throw new WrenException($"{layout.Root}: cannot resume: the sources or the options that read them differ from the interrupted run's; rerun without --resume to start over");
            }
            if (InputFingerprint.FirstChange(split < 0 ? "" : recorded[(split + 1)..], sourceFiles) is string change)
            {
                throw new WrenException($"{layout.Root}: cannot resume: {change} since the interrupted run; rerun without --resume to start over");
            }
            int errors = File.Exists(errorsFile) ? IngestPipeline.CountErrors(errorsFile) : 0;
            // The errors list is JSONL too, and lives beside the shards: it is not one of them.
            var shards = DocumentShardReader.ShardFiles(directory).Where(f => Path.GetFileName(f) != IngestPipeline.ErrorsFileName).ToList();
            return new CurationInputSet(shards, errors, errorsFile);
        }
        string state = fingerprint + "\n" + InputFingerprint.Describe(sourceFiles);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
        Directory.CreateDirectory(directory);
        IEnumerable<Action<Utf8JsonWriter>> records = ShardRecords(shardFiles, cancellationToken);
        if (raw is not null)
        {
            records = records.Concat(raw.ReadAsync(progress, cancellationToken).ToBlockingEnumerable(cancellationToken).Select(d => (Action<Utf8JsonWriter>)d.WriteTo));
        }
        List<string> files;
        if (sources.Tasks is not int tasks)
        {
            files = Spill(records, directory, DefaultDocumentsPerShard);
        }
        else if (raw is null)
        {
            long count = shardFiles.Sum(f => (long)JsonlReader.ReadLines(f).Count());
            files = Spill(records, directory, PerShard(count, tasks));
        }
        else
        {
            // The number of ingested documents is known only once they are read: spill, then split.
            string staging = Path.Combine(layout.Work, "input-staging");
            var staged = Spill(records, staging, DefaultDocumentsPerShard);
            long count = staged.Sum(f => (long)JsonlReader.ReadLines(f).Count());
            files = Spill(ShardRecords(staged, cancellationToken), directory, PerShard(count, tasks));
            Directory.Delete(staging, recursive: true);
        }
        int ingestErrors = 0;
        if (raw is not null)
        {
            ingestErrors = raw.Errors.Count;
            IngestPipeline.WriteErrors(errorsFile, raw.Problems);
        }
        if (files.Count == 0)
        {
            throw new WrenException($"no documents in {string.Join(", ", sources.Paths)}{(ingestErrors > 0 ? $" ({ingestErrors} inputs could not be read: see {errorsFile})" : "")}");
        }
        AtomicFile.WriteAllText(sourcesFile, state);
        AtomicFile.WriteAllText(marker, "");
        return new CurationInputSet(files, ingestErrors, raw is null ? null : errorsFile);
    }

    /// <summary>Every document of the sources, streamed without writing anything (for <c>--dry-run</c> and <c>--explain</c>).</summary>
    public static IEnumerable<Document> Documents(CurationSources sources, CancellationToken cancellationToken = default)
    {
        var (shardPaths, rawPaths) = Classify(sources);
        foreach (string path in shardPaths)
        {
            foreach (var document in DocumentShardReader.Read(path))
            {
                yield return document;
            }
        }
        if (rawPaths.Count > 0 || sources.Ingest.Sql is not null)
        {
            var raw = new DocumentSources(rawPaths, sources.Ingest);
            foreach (var document in raw.ReadAsync(null, cancellationToken).ToBlockingEnumerable(cancellationToken))
            {
                yield return document;
            }
        }
    }

    /// <summary>
    /// True when <paramref name="path"/> holds document shards: a JSONL file (plain, .zst or .gz), or a
    /// folder of nothing else, whose first record has a string "text" field. Anything else is read the
    /// way <c>wren ingest</c> reads it.
    /// </summary>
    public static bool IsDocumentShards(string path)
    {
        IReadOnlyList<string> files;
        if (File.Exists(path))
        {
            if (!JsonlReader.IsJsonl(path))
            {
                return false;
            }
            files = [path];
        }
        else if (Directory.Exists(path))
        {
            var all = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.')).ToList();
            if (all.Count == 0 || !all.All(JsonlReader.IsJsonl))
            {
                return false;
            }
            files = DocumentShardReader.ShardFiles(path);
        }
        else
        {
            throw new WrenException($"{path}: no such file or folder");
        }
        foreach (string file in files)
        {
            foreach (var (line, _) in JsonlReader.ReadLines(file))
            {
                try
                {
                    using var json = JsonDocument.Parse(line);
                    return json.RootElement.ValueKind == JsonValueKind.Object
                        && json.RootElement.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String;
                }
                catch (JsonException)
                {
                    return false;
                }
            }
        }
        // Only empty shards: nothing to ingest either way.
        return true;
    }

    private static (List<string> Shards, List<string> Raw) Classify(CurationSources sources)
    {
        var shards = new List<string>();
        var raw = new List<string>();
        foreach (string path in sources.Paths)
        {
            (IsDocumentShards(path) ? shards : raw).Add(path);
        }
        if (sources.Paths.Count == 0 && sources.Ingest.Sql is null)
        {
            throw new WrenException("curate: give at least one SOURCE (a file or folder of documents, or anything wren ingest reads) or --sql with --connection");
        }
        return (shards, raw);
    }

    /// <summary>Each line of the shards as a record to copy verbatim (a malformed one too: the map stage counts it).</summary>
    private static IEnumerable<Action<Utf8JsonWriter>> ShardRecords(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        foreach (string file in files)
        {
            long read = 0;
            foreach (var (line, _) in JsonlReader.ReadLines(file))
            {
                cancellationToken.ThrowIfCancellationRequested();
                read++;
                var bytes = line;
                yield return w => w.WriteRawValue(bytes.Span, skipInputValidation: true);
            }
            CheckReadAll(file, read);
        }
    }

    private static int PerShard(long count, int tasks) => (int)Math.Clamp((count + tasks - 1) / tasks, 1, int.MaxValue);

    /// <summary>
    /// What the spilled shards were made from, hashed (a connection string may hold a password).
    /// The thread count is left out: it does not change the documents or their order.
    /// </summary>
    private static string Fingerprint(CurationSources sources)
    {
        string text = string.Join('\n', sources.Paths.Select(Path.GetFullPath)) + "\n--\n" + JsonSerializer.Serialize(sources.Ingest with { Threads = 1 }) + "\ntasks=" + sources.Tasks;
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    public static List<string> FromPaths(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (string path in paths)
        {
            files.AddRange(DocumentShardReader.ShardFiles(path));
        }
        if (files.Count == 0)
        {
            throw new Wren.Runtime.WrenException($"no *.jsonl, *.jsonl.zst or *.jsonl.gz shards found in {string.Join(", ", paths)}");
        }
        return files;
    }

    /// <summary>
    /// Writes <paramref name="documents"/> into shards of <paramref name="documentsPerShard"/> under <paramref name="directory"/>:
    /// working files that only Wren reads back, so one zstd frame per chunk (<see cref="ZstdFraming.IndependentFrames"/>).
    /// </summary>
    public static List<string> Spill(IEnumerable<Document> documents, string directory, int documentsPerShard = DefaultDocumentsPerShard) =>
        Spill(documents.Select(d => (Action<Utf8JsonWriter>)d.WriteTo), directory, documentsPerShard);

    private static List<string> Spill(IEnumerable<Action<Utf8JsonWriter>> documents, string directory, int documentsPerShard)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        var counts = new Dictionary<string, int>();
        JsonlShardWriter? writer = null;
        int index = 0;
        int inShard = 0;
        void Complete()
        {
            writer!.Dispose();
            foreach (string file in writer.Files)
            {
                files.Add(file);
                counts[Path.GetFileName(file)] = inShard;
            }
        }
        try
        {
            foreach (var document in documents)
            {
                if (writer is null)
                {
                    writer = new JsonlShardWriter(directory, "part", long.MaxValue, index, JsonlShardWriter.WorkingFileCompressionLevel, ZstdFraming.IndependentFrames);
                }
                writer.Write(document);
                if (++inShard == documentsPerShard)
                {
                    Complete();
                    writer = null;
                    inShard = 0;
                    index++;
                }
            }
            if (writer is not null)
            {
                Complete();
            }
        }
        catch
        {
            writer?.Abort();
            throw;
        }
        AtomicFile.WriteAllText(Path.Combine(directory, CountsFile), JsonSerializer.Serialize(counts));
        return files;
    }

    /// <summary>
    /// Checks that the map stage read every record of a spilled shard: they are one zstd frame per chunk, so a
    /// file cut between two frames would otherwise read as a shorter, valid one. Shards Wren did not spill
    /// (the user's own) have no recorded count and are not checked.
    /// </summary>
    internal static void CheckReadAll(string shard, long read)
    {
        string counts = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(shard))!, CountsFile);
        if (File.Exists(counts)
            && JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(counts))?.TryGetValue(Path.GetFileName(shard), out int written) == true
            && written != read)
        {
            throw new WrenException($"{shard}: holds {read:N0} records, but {written:N0} were written to it; the working file is damaged: rerun without --resume");
        }
    }
}
