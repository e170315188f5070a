namespace Wren.Data.Tests.Sources;

public sealed class PdfReaderTests
{
    [Fact]
    public async Task PdfIsOneDocumentWithItsPagesInOrderAndTheirOffsetsInMetadata()
    {
        var (docs, errors) = await SampleData.ReadAsync(SampleData.PathOf("docs", "1862-abraham-lincoln.pdf"));
        Assert.Empty(errors);
        var doc = Assert.Single(docs);
        Assert.Equal(14, doc.Metadata["pages"]!.GetValue<int>());
        int[] starts = doc.Metadata["page_starts"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray();
        Assert.Equal(14, starts.Length);
        Assert.Equal(0, starts[0]);
        Assert.True(starts.Zip(starts.Skip(1)).All(p => p.First < p.Second), "page offsets increase");
        for (int page = 0; page < starts.Length; page++)
        {
            // Each page's footer sits inside that page's range: the offsets really map text to pages.
            int end = page + 1 < starts.Length ? starts[page + 1] : doc.Text.Length;
            Assert.Contains($"Page {page + 1}", doc.Text[starts[page]..end]);
        }
        Assert.Contains("Fellow-Citizens of the Senate and House of Representatives", doc.Text);
        Assert.Contains("Lincoln", doc.Metadata["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task TruncatedPdfIsReportedWithItsPathAndReason()
    {
        string path = SampleData.PathOf("bad", "truncated.pdf");
        var (docs, errors) = await SampleData.ReadAsync(path);
        Assert.Empty(docs);
        var error = Assert.Single(errors);
        Assert.EndsWith("bad/truncated.pdf", error.File);
        Assert.StartsWith("not a readable PDF", error.Error);
    }

    [Fact]
    public async Task APdfWithMoreTextThanOneDocumentMayHoldStopsAtThePageThatPassesTheLimit()
    {
        var (docs, errors) = await SampleData.ReadAsync(SampleData.PathOf("docs", "1862-abraham-lincoln.pdf"), new Wren.Data.Sources.SourceOptions { Threads = 1, MaxDocumentChars = 2000 });
        Assert.Empty(docs);
        var error = Assert.Single(errors);
        Assert.Contains("more than 2,000 characters of text by page 1 of", error.Error);
        Assert.Contains("--max-document-chars", error.Error);
    }
}
