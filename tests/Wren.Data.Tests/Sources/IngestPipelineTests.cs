using System.Text.Json;
using Wren.Data.Documents;
using Wren.Data.Sources;

namespace Wren.Data.Tests.Sources;

public sealed class IngestPipelineTests
{
    [Fact]
    public async Task WritesShardsAndAnErrorsFileThatReadBackAsWhatWasIngested()
    {
        using var output = new TempDirectory();
        var report = await IngestPipeline.RunAsync([SampleData.PathOf("bad"), SampleData.PathOf("docs")], new SourceOptions { Threads = 2 }, output.Path);

        Assert.Equal(2 + 24, report.Documents);
        Assert.Equal(3, report.Errors.Count);
        string shard = Assert.Single(report.ShardFiles);
        Assert.Equal(Path.Combine(output.Path, "documents", "part-00000.jsonl.zst"), shard);
        var back = DocumentShardReader.Read(Path.Combine(output.Path, "documents")).ToList();
        Assert.Equal(report.Documents, back.Count);
        Assert.All(back, d => Assert.False(string.IsNullOrWhiteSpace(d.Text)));

        // The three unreadable files, and a warning for the one read as Latin-1, in input order.
        var lines = File.ReadAllLines(Path.Combine(output.Path, "ingest-errors.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["error", "error", "warning", "error"], lines.Select(l => l.GetProperty("level").GetString()));
        Assert.EndsWith("bad/binary.txt", lines[0].GetProperty("file").GetString());
        Assert.False(string.IsNullOrEmpty(lines[0].GetProperty("error").GetString()));
        Assert.Contains("bad/latin1.txt:", lines[2].GetProperty("file").GetString());
        Assert.Equal(lines[2].GetProperty("file").GetString(), Assert.Single(report.Warnings).File);

        var formats = report.Formats.ToDictionary(f => f.Format);
        Assert.Equal(4, formats["pdf"].Documents);
        Assert.Equal(1, formats["pdf"].Errors);
        Assert.Equal(5, formats["pdf"].Files);
        Assert.Empty(Directory.GetFiles(output.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ASecondRunWithLessInputLeavesNoStaleShardsAndAnEmptyErrorsFile()
    {
        using var input = new TempDirectory();
        using var output = new TempDirectory();
        for (int i = 0; i < 40; i++)
        {
            input.Write($"f{i:D2}.txt", new string('x', 2000) + i);
        }
        var big = await IngestPipeline.RunAsync([input.Path], new SourceOptions(), output.Path, shardBytes: 20_000);
        Assert.True(big.ShardFiles.Count > 2);

        var small = await IngestPipeline.RunAsync([Path.Combine(input.Path, "f00.txt")], new SourceOptions(), output.Path, shardBytes: 20_000);
        Assert.Single(small.ShardFiles);
        Assert.Single(Directory.GetFiles(Path.Combine(output.Path, "documents")));
        Assert.Equal(0, new FileInfo(Path.Combine(output.Path, "ingest-errors.jsonl")).Length);
    }

    [Fact]
    public async Task ProgressCountsEveryInputByteExactlyOnce()
    {
        using var output = new TempDirectory();
        var progress = new RecordingProgressSink();
        // An mbox read as a stream, text files that the encoding check opens twice, a PDF read through a seekable stream.
        string[] sources = [SampleData.PathOf("mail", "archive.mbox"), SampleData.PathOf("bad"), SampleData.PathOf("docs", "1932-herbert-hoover.pdf")];
        var report = await IngestPipeline.RunAsync(sources, new SourceOptions { Threads = 3 }, output.Path, progress);
        Assert.Equal("B", progress.Unit);
        Assert.Equal(report.InputBytes, progress.Total);
        Assert.Equal(report.InputBytes, progress.Done);
    }

    [Fact]
    public async Task TheOutputFolderInsideASourceFolderIsNotReadBack()
    {
        using var input = new TempDirectory();
        input.Write("a.txt", "alpha");
        string output = Path.Combine(input.Path, "out");
        await IngestPipeline.RunAsync([input.Path], new SourceOptions(), output);
        var again = await IngestPipeline.RunAsync([input.Path], new SourceOptions(), output);
        Assert.Equal(1, again.Documents);
    }
}
