using Wren.Data.Sources;

namespace Wren.Data.Tests.Sources;

public sealed class ArchiveReaderTests
{
    [Fact]
    public async Task ZipEntriesAreReadByExtensionWithArchiveBangPathSources()
    {
        string path = SampleData.PathOf("archives", "docs.zip");
        var (docs, errors) = await SampleData.ReadAsync(path);
        Assert.Empty(errors);
        Assert.Equal(3, docs.Count);
        Assert.Contains(docs, d => d.Source.EndsWith("docs.zip!/library/1791-george-washington.txt", StringComparison.Ordinal) && d.Metadata["format"]!.GetValue<string>() == "text");
        Assert.Contains(docs, d => d.Source.EndsWith("docs.zip!/library/1802-thomas-jefferson.md", StringComparison.Ordinal) && !d.Text.Contains("**"));
        var html = Assert.Single(docs, d => d.Source.EndsWith("docs.zip!/intranet/1913-woodrow-wilson.html", StringComparison.Ordinal));
        Assert.DoesNotContain("We use cookies", html.Text);
    }

    [Fact]
    public async Task TarGzEntriesAreReadAndDirectoryEntriesSkipped()
    {
        string path = SampleData.PathOf("archives", "docs.tar.gz");
        var (docs, errors) = await SampleData.ReadAsync(path);
        Assert.Empty(errors);
        Assert.Equal(4, docs.Count);
        Assert.All(docs, d => Assert.Contains("docs.tar.gz!/", d.Source));
        Assert.Contains(docs, d => d.Source.EndsWith("!/notes/1935-franklin-d-roosevelt.md", StringComparison.Ordinal));
        Assert.Contains(docs, d => d.Source.EndsWith("!/intranet/1972-richard-nixon.html", StringComparison.Ordinal) && d.Text.Length > 5000);
    }

    [Fact]
    public async Task ABadEntryIsReportedUnderItsArchivePathAndTheNextEntryIsRead()
    {
        using var dir = new TempDirectory();
        string zipPath = Path.Combine(dir.Path, "mixed.zip");
        using (var zip = System.IO.Compression.ZipFile.Open(zipPath, System.IO.Compression.ZipArchiveMode.Create))
        {
            using (var w = new StreamWriter(zip.CreateEntry("a/first.txt").Open()))
            {
                w.Write("first entry");
            }
            using (var s = zip.CreateEntry("a/broken.pdf").Open())
            {
                s.Write("%PDF-1.4 not really"u8);
            }
            using (var w = new StreamWriter(zip.CreateEntry("b/last.md").Open()))
            {
                w.Write("# Last\n\nlast entry");
            }
            zip.CreateEntry("b/picture.png").Open().Dispose();
        }
        var (docs, errors, sources) = await SampleData.ReadAsync([zipPath]);
        Assert.Equal(["first entry", "Last\nlast entry"], docs.Select(d => d.Text));
        var error = Assert.Single(errors);
        Assert.EndsWith("mixed.zip!/a/broken.pdf", error.File);
        Assert.Contains("PDF", error.Error);
        Assert.Contains(sources.Skipped, s => s.EndsWith("!/b/picture.png", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACorruptZipIsOneErrorNotACrash()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("broken.zip", "PK\u0003\u0004 this is not a zip archive at all"u8.ToArray());
        var (docs, errors) = await SampleData.ReadAsync(path);
        Assert.Empty(docs);
        Assert.Contains("zip", Assert.Single(errors).Error);
    }

    [Fact]
    public async Task ANestedZipBombIsStoppedByTheCompressionRatioAndTheFilesBesideItAreRead()
    {
        using var dir = new TempDirectory();
        dir.Write("bomb.zip", HostileInputs.NestedZipBomb(levels: 3, width: 16, entryBytes: 4 << 20));
        dir.Write("good.txt", "A good document.");

        var (docs, errors, _) = await SampleData.ReadAsync([dir.Path]);

        Assert.Equal("A good document.", Assert.Single(docs).Text);
        // The first entries each stop at their own ratio after a megabyte; then the whole archive has grown a
        // hundred times its size, and the rest of it is skipped.
        Assert.InRange(errors.Count, 1, 16);
        Assert.All(errors, e => Assert.Contains("bomb.zip!/", e.File));
        Assert.All(errors, e => Assert.Contains("expands more than 100 times", e.Error));
        Assert.Contains("times its size", errors[^1].Error);
    }

    [Fact]
    public async Task AGzippedFileThatInflatesAThousandTimesIsOneError()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("letters.txt.gz", HostileInputs.GzipOfLetters(16 << 20));

        var (docs, errors) = await SampleData.ReadAsync(path);

        Assert.Empty(docs);
        var error = Assert.Single(errors);
        Assert.EndsWith("letters.txt.gz", error.File);
        Assert.Contains("expands more than 100 times", error.Error);
    }

    [Fact]
    public async Task ArchivesNestedDeeperThanTheLimitAreReportedAndNotOpened()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("nested.zip", HostileInputs.NestedZips(4, "Four archives deep."));

        var (shallow, tooDeep) = await SampleData.ReadAsync(path, new SourceOptions { Threads = 1, MaxArchiveDepth = 2 });
        var (deep, none) = await SampleData.ReadAsync(path, new SourceOptions { Threads = 1, MaxArchiveDepth = 4 });

        Assert.Empty(shallow);
        var error = Assert.Single(tooDeep);
        Assert.EndsWith("nested.zip!/nest-2.zip!/nest-1.zip", error.File);
        Assert.Contains("nested 2 levels deep", error.Error);
        Assert.Contains("--max-archive-depth", error.Error);
        Assert.Empty(none);
        Assert.Equal("Four archives deep.", Assert.Single(deep).Text);
    }

    [Fact]
    public async Task OnceAnArchiveExpandsPastItsBudgetItsRemainingEntriesAreSkippedWithOneError()
    {
        using var dir = new TempDirectory();
        byte[] text = System.Text.Encoding.ASCII.GetBytes(string.Join('\n', Enumerable.Range(0, 40_000).Select(i => $"line {i} of a plain file")));
        string path = dir.Write("many.zip", HostileInputs.Zip(Enumerable.Range(0, 10).Select(i => ($"f{i}.txt", text))));

        var (docs, errors) = await SampleData.ReadAsync(path, new SourceOptions { Threads = 1, MaxExpandedBytes = 3L * text.Length + 100 });

        Assert.Equal(3, docs.Count);
        var error = Assert.Single(errors);
        Assert.EndsWith("many.zip!/f3.txt", error.File);
        Assert.Contains("--max-expanded-bytes", error.Error);
    }

    [Fact]
    public async Task ACompressedFileReadMoreThanOnceIsChargedToTheBudgetOnce()
    {
        // Larger than a document may be, so the text reader opens it three times (probe, UTF-8 check, decode).
        using var dir = new TempDirectory();
        byte[] text = System.Text.Encoding.ASCII.GetBytes(string.Join('\n', Enumerable.Range(0, 40_000).Select(i => $"line {i * 7919 % 100_003} of a log")));
        using var gz = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(gz, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(text);
        }
        string path = dir.Write("big.log.gz", gz.ToArray());

        var (docs, errors) = await SampleData.ReadAsync(path, new SourceOptions { Threads = 1, MaxDocumentChars = 64 << 10, MaxExpandedBytes = text.Length + 100 });

        Assert.Empty(errors);
        Assert.True(docs.Count > 1);
        Assert.Equal(text.Length, docs.Sum(d => d.Text.Length));
    }

    [Fact]
    public async Task TheRunWideBudgetStopsExpansionAcrossArchives()
    {
        using var dir = new TempDirectory();
        byte[] text = System.Text.Encoding.ASCII.GetBytes(string.Join('\n', Enumerable.Range(0, 40_000).Select(i => $"line {i} of a plain file")));
        dir.Write("a.zip", HostileInputs.Zip([("a.txt", text)]));
        dir.Write("b.zip", HostileInputs.Zip([("b.txt", text)]));
        dir.Write("plain.txt", "Not an archive: read whatever the budget.");

        var (docs, errors, _) = await SampleData.ReadAsync([dir.Path], new SourceOptions { Threads = 1, MaxTotalExpandedBytes = text.Length + 100 });

        Assert.Equal(2, docs.Count);
        Assert.Contains("--max-total-expanded-bytes", Assert.Single(errors).Error);
        Assert.EndsWith("b.zip!/b.txt", errors[0].File);
    }
}
