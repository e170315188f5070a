using Wren.Data.Sources;

namespace Wren.Data.Tests.Sources;

public sealed class BadInputTests
{
    [Fact]
    public async Task EachBadSampleFileIsReportedWithPathAndReasonAndTheRunGoesOn()
    {
        var (docs, errors) = await SampleData.ReadAsync(SampleData.PathOf("bad"));
        Assert.Equal(3, errors.Count);
        Assert.Collection(errors,
            e => { Assert.EndsWith("bad/binary.txt", e.File); Assert.Contains("binary content", e.Error); },
            e => { Assert.EndsWith("bad/empty.txt", e.File); Assert.Contains("empty file", e.Error); },
            e => { Assert.EndsWith("bad/truncated.pdf", e.File); Assert.Contains("not a readable PDF", e.Error); });
        // The readable files in the same folder still come through.
        Assert.Equal(2, docs.Count);
        Assert.Contains(docs, d => d.Source.EndsWith("bad/latin1.txt", StringComparison.Ordinal));
        Assert.Contains(docs, d => d.Source.EndsWith("bad/utf16.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFileNamedDirectlyInAnUnknownFormatIsAnErrorButInAFolderItIsSkipped()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("sheet.xlsx", "PK not really"u8.ToArray());
        var (_, errors) = await SampleData.ReadAsync(path);
        Assert.Contains("unsupported format '.xlsx'", Assert.Single(errors).Error);

        var (_, folderErrors, sources) = await SampleData.ReadAsync([dir.Path]);
        Assert.Empty(folderErrors);
        Assert.Single(sources.Skipped);
    }

    [Fact]
    public void AMissingSourceIsAUserErrorNamingIt()
    {
        var e = Assert.Throws<Wren.Runtime.WrenException>(() => new DocumentSources(["/no/such/folder"], new SourceOptions()));
        Assert.Contains("/no/such/folder", e.Message);
    }
}
