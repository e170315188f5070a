using System.Diagnostics;
using System.Text.Json;
using Wren.Data.Documents;
using Wren.Runtime.Diagnostics;

namespace Wren.Data.Sources;

/// <summary>
/// <c>wren ingest</c> as a library call: reads the sources through <see cref="DocumentSources"/> and writes
/// <c>OUT/documents/part-NNNNN.jsonl.zst</c> (records <c>{"id","text","source","metadata"}</c>) and
/// <c>OUT/ingest-errors.jsonl</c> (one <c>{"file","error","level"}</c> per bad input, level "error", and per
/// input read with a caveat, level "warning"; written atomically, empty when all went well). Shards left from an earlier run that this run did not rewrite are removed, so the
/// folder always holds exactly this run's documents.
/// </summary>
public static class IngestPipeline
{
    public const string DocumentsFolder = "documents";
    public const string ErrorsFileName = "ingest-errors.jsonl";

    /// <param name="shardBytes">Uncompressed JSON per shard before the next one starts.</param>
    public static async Task<IngestReport> RunAsync(IReadOnlyList<string> sources, SourceOptions options, string outputDirectory,
        IProgressSink? progress = null, long shardBytes = 256L << 20, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(outputDirectory);
        // Shards and error lists half-written by a killed run: their writers are gone, nothing else removes them.
        LeftoverFiles.RemoveDeadWriters(outputDirectory);
        var input = new DocumentSources(sources, options, excludeDirectory: outputDirectory);
        string documentsDirectory = Path.Combine(outputDirectory, DocumentsFolder);
        var writer = new JsonlShardWriter(documentsDirectory, "part", shardBytes);
        try
        {
            await foreach (Document document in input.ReadAsync(progress, cancellationToken).ConfigureAwait(false))
            {
                writer.Write(document);
            }
            writer.Dispose();
        }
        catch
        {
            writer.Abort();
            throw;
        }
        IReadOnlyList<string> shards = writer.Files;
        RemoveStaleShards(documentsDirectory, shards);
        string errorsFile = Path.Combine(outputDirectory, ErrorsFileName);
        WriteErrors(errorsFile, input.Problems);
        return new IngestReport
        {
            Formats = input.Statistics,
            Errors = input.Errors,
            Warnings = input.Warnings,
            Documents = writer.Count,
            InputFiles = input.FileCount,
            InputBytes = input.TotalBytes,
            Skipped = input.Skipped,
            ShardFiles = shards,
            ErrorsFile = errorsFile,
            Elapsed = clock.Elapsed,
        };
    }

    private static void RemoveStaleShards(string directory, IReadOnlyList<string> current)
    {
        var keep = new HashSet<string>(current.Select(Path.GetFullPath), StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(directory, "part-*.jsonl.zst"))
        {
            if (!keep.Contains(Path.GetFullPath(file)))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Writes <c>ingest-errors.jsonl</c>: one <c>{"file","error","level"}</c> line per problem, atomically.</summary>
    internal static void WriteErrors(string path, IReadOnlyList<IngestError> errors) =>
        JsonLinesFile.Write(path, errors, static (json, error) =>
        {
            json.WriteString("file", error.File);
            json.WriteString("error", error.Error);
            json.WriteString("level", error.Level);
        });

    /// <summary>Errors (not warnings) that an <c>ingest-errors.jsonl</c> lists.</summary>
    internal static int CountErrors(string path)
    {
        int errors = 0;
        foreach (string line in File.ReadLines(path))
        {
            if (line.Length > 0 && !line.Contains("\"level\":\"warning\"", StringComparison.Ordinal))
            {
                errors++;
            }
        }
        return errors;
    }
}
