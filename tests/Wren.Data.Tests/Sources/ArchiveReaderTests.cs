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
}
