namespace Wren.Data.Documents;

/// <summary>
/// Reads <see cref="Document"/>s back from JSONL shards (a file, or every <c>*.jsonl[.zst|.gz]</c>
/// in a folder, in name order, so reading is deterministic).
/// </summary>
public static class DocumentShardReader
{
    /// <summary>The shard files under <paramref name="path"/>, sorted by name; the path itself if it is a file.</summary>
    public static IReadOnlyList<string> ShardFiles(string path)
    {
        if (File.Exists(path))
        {
            return new[] { path };
        }
        if (!Directory.Exists(path))
        {
            throw new Wren.Runtime.WrenException($"{path}: no such file or folder");
        }
        var files = new List<string>();
        foreach (string file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
        {
            if (JsonlReader.IsJsonl(file) && !Path.GetFileName(file).StartsWith('.'))
            {
                files.Add(file);
            }
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    public static IEnumerable<Document> Read(string path)
    {
        foreach (string file in ShardFiles(path))
        {
            foreach (var (line, number) in JsonlReader.ReadLines(file))
            {
                yield return Document.Parse(line.Span, $"{file}:{number}");
            }
        }
    }
}
