using System.Text.Json;

namespace Wren.Cli.Tests;

/// <summary><c>wren ingest</c> end to end, in-process: outputs on disk, exit codes with and without --strict.</summary>
public sealed class IngestCommandTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "wren-cli-ingest-" + Guid.NewGuid().ToString("N"));

    private static string Samples => AcmeSample.Folder;

    [Fact]
    public async Task IngestWritesShardsAndErrorsAndExitsZeroDespiteBadFiles()
    {
        int code = await WrenCli.Run(["ingest", Path.Combine(Samples, "bad"), Path.Combine(Samples, "records"), "--out", _out, "--threads", "2"]);
        Assert.Equal(0, code);
        string[] shards = Directory.GetFiles(Path.Combine(_out, "documents"), "part-*.jsonl.zst");
        Assert.Equal("part-00000.jsonl.zst", Path.GetFileName(Assert.Single(shards)));
        string[] errors = File.ReadAllLines(Path.Combine(_out, "ingest-errors.jsonl"));
        // Three unreadable files, and a warning for the one read as Latin-1.
        Assert.Equal(4, errors.Length);
        var levels = new List<string>();
        foreach (string line in errors)
        {
            using var json = JsonDocument.Parse(line);
            Assert.Contains("bad/", json.RootElement.GetProperty("file").GetString());
            Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("error").GetString()));
            levels.Add(json.RootElement.GetProperty("level").GetString()!);
        }
        Assert.Equal(["error", "error", "error", "warning"], levels.Order(StringComparer.Ordinal));
        // 2 readable bad-folder files + 200 CSV rows + 149 JSONL notes + 120 Parquet rows + support.db: 150 tickets and 103 customers.
        long documents = Wren.Data.Documents.DocumentShardReader.Read(Path.Combine(_out, "documents")).LongCount();
        Assert.Equal(2 + 200 + 149 + 120 + 150 + 103, documents);
    }

    [Fact]
    public async Task StrictTurnsABadFileIntoExitCodeOne()
    {
        int code = await WrenCli.Run(["ingest", Path.Combine(Samples, "bad", "empty.txt"), "--out", _out, "--strict"]);
        Assert.Equal(1, code);
        Assert.Single(File.ReadAllLines(Path.Combine(_out, "ingest-errors.jsonl")));
    }

    [Fact]
    public async Task SqlSourceNeedsNoPositionalSource()
    {
        string db = Path.Combine(Samples, "records", "support.db");
        int code = await WrenCli.Run(["ingest", "--sql", "SELECT id, body FROM tickets WHERE id < 5011", "--connection", $"Data Source={db}", "--out", _out, "--strict"]);
        Assert.Equal(0, code);
        Assert.Equal(10, Wren.Data.Documents.DocumentShardReader.Read(Path.Combine(_out, "documents")).Count());
    }

    [Fact]
    public async Task MissingSourceAndMissingOutAreUserErrors()
    {
        Assert.Equal(1, await WrenCli.Run(["ingest", "/no/such/dir", "--out", _out]));
        Assert.Equal(1, await WrenCli.Run(["ingest", Samples]));
        Assert.Equal(1, await WrenCli.Run(["ingest", "--out", _out]));
    }

    [Fact]
    public async Task HelpTeachesWithAnExample()
    {
        var (code, help, _) = await WrenCli.Capture("ingest", "--help");
        Assert.Equal(0, code);
        Assert.Contains("Example: wren ingest", help);
        Assert.Contains("--text-column", help);
        Assert.Contains("--strict", help);
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }
}
