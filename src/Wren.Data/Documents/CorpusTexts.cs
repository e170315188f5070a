using Wren.Runtime;

namespace Wren.Data.Documents;

/// <summary>
/// The texts of a corpus: curated JSONL shards (<c>*.jsonl[.zst|.gz]</c>,
/// files or folders) yield one text per document; plain text files yield their lines with line
/// endings, as Hugging Face's trainer reads files. A malformed JSONL line is counted and skipped,
/// so one bad record does not stop a long run.
/// </summary>
public sealed class CorpusTexts
{
    private long _skipped;

    public CorpusTexts(IReadOnlyList<string> paths)
    {
        var files = new List<string>();
        foreach (string path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                var shards = DocumentShardReader.ShardFiles(path);
                if (shards.Count > 0)
                {
                    files.AddRange(shards);
                }
                else
                {
                    var texts = Directory.EnumerateFiles(path, "*.txt", SearchOption.AllDirectories).ToList();
                    texts.Sort(StringComparer.Ordinal);
                    if (texts.Count == 0)
                    {
                        throw new WrenException($"{path}: no *.jsonl[.zst|.gz] shards or *.txt files in this folder");
                    }
                    files.AddRange(texts);
                }
            }
            else
            {
                throw new WrenException($"{path}: no such file or folder");
            }
        }
        Files = files;
    }

    public IReadOnlyList<string> Files { get; }

    /// <summary>Malformed JSONL records skipped so far.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Where the first skipped record was and why.</summary>
    public string? FirstProblem { get; private set; }

    public long TotalBytes => Files.Sum(f => new FileInfo(f).Length);

    /// <summary>Documents: (id, text). Plain text files are one document per file.</summary>
    public IEnumerable<(string Id, string Text)> Documents()
    {
        foreach (string file in Files)
        {
            if (JsonlReader.IsJsonl(file))
            {
                foreach (var doc in JsonlDocuments(file))
                {
                    yield return (doc.Id, doc.Text);
                }
            }
            else
            {
                yield return (DocumentId.For(file, ""), File.ReadAllText(file));
            }
        }
    }

    /// <summary>Training texts: documents from JSONL, lines (with endings) from text files.</summary>
    public IEnumerable<string> TrainingTexts()
    {
        foreach (string file in Files)
        {
            if (JsonlReader.IsJsonl(file))
            {
                foreach (var doc in JsonlDocuments(file))
                {
                    yield return doc.Text;
                }
                continue;
            }
            using var reader = new StreamReader(file, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
            var line = new System.Text.StringBuilder();
            var buffer = new char[1 << 16];
            int n;
            while ((n = reader.Read(buffer, 0, buffer.Length)) > 0)
            {
                int start = 0;
                for (int i = 0; i < n; i++)
                {
                    if (buffer[i] == '\n')
                    {
                        line.Append(buffer, start, i + 1 - start);
                        yield return line.ToString();
                        line.Clear();
                        start = i + 1;
                    }
                }
                line.Append(buffer, start, n - start);
            }
            if (line.Length > 0)
            {
                yield return line.ToString();
            }
        }
    }

    private IEnumerable<Document> JsonlDocuments(string file)
    {
        foreach (var (line, number) in JsonlReader.ReadLines(file))
        {
            Document? doc;
            try
            {
                doc = Document.Parse(line.Span, $"{file}:{number}");
            }
            catch (WrenException e)
            {
                if (Interlocked.Increment(ref _skipped) == 1)
                {
                    FirstProblem = e.Message;
                }
                continue;
            }
            yield return doc;
        }
    }
}
