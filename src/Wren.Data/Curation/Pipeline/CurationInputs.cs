using Wren.Data.Documents;

namespace Wren.Data.Curation.Pipeline;

/// <summary>
/// Turns what the user gives into input shards: folders and files of document shards are used as
/// they are; a stream of documents (from <c>wren ingest</c> sources) is written into
/// <c>work/input</c> shards first, so that every task has a file to resume from.
/// </summary>
public static class CurationInputs
{
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

    /// <summary>Writes <paramref name="documents"/> into shards of <paramref name="documentsPerShard"/> under <paramref name="directory"/>.</summary>
    public static List<string> Spill(IEnumerable<Document> documents, string directory, int documentsPerShard = 10_000)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        JsonlShardWriter? writer = null;
        int index = 0;
        int inShard = 0;
        try
        {
            foreach (var document in documents)
            {
                if (writer is null)
                {
                    writer = new JsonlShardWriter(directory, "part", long.MaxValue, index);
                }
                writer.Write(document);
                if (++inShard == documentsPerShard)
                {
                    writer.Dispose();
                    files.AddRange(writer.Files);
                    writer = null;
                    inShard = 0;
                    index++;
                }
            }
            if (writer is not null)
            {
                writer.Dispose();
                files.AddRange(writer.Files);
            }
        }
        catch
        {
            writer?.Abort();
            throw;
        }
        return files;
    }
}
