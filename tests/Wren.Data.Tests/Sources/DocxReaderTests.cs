namespace Wren.Data.Tests.Sources;

public sealed class DocxReaderTests
{
    [Fact]
    public async Task DocxGivesParagraphsInOrderAndTablesAsTabSeparatedRows()
    {
        var (docs, errors) = await SampleData.ReadAsync(SampleData.PathOf("docs", "1796-george-washington.docx"));
        Assert.Empty(errors);
        var doc = Assert.Single(docs);
        Assert.StartsWith("1796 State of the Union", doc.Text);
        Assert.Contains("Year\t1796", doc.Text);
        Assert.Contains("President\tGeorge Washington", doc.Text);
        Assert.True(doc.Text.IndexOf("Part I", StringComparison.Ordinal) < doc.Text.IndexOf("Part II", StringComparison.Ordinal));
        Assert.Contains("\n\n", doc.Text);
        Assert.Equal(1, doc.Metadata["tables"]!.GetValue<int>());
        Assert.Equal("Acme Research Library", doc.Metadata["author"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunsTabsBreaksAndTablesAreKeptAndDeletedTextFieldCodesTabStopsAndFallbacksLeftOut()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("features.docx", HostileInputs.Docx(
            "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>" +
            "<w:r><w:t>Name</w:t><w:tab/><w:t xml:space=\"preserve\">value </w:t></w:r><w:r><w:br/><w:t>second line</w:t></w:r>" +
            "<w:del><w:r><w:delText>removed</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>" +
            "<w:sdt><w:sdtContent><w:p><w:r><w:t>In a content control</w:t><w:noBreakHyphen/><w:t>kept</w:t></w:r></w:p></w:sdtContent></w:sdt>" +
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>a1</w:t></w:r></w:p><w:p><w:r><w:t>more</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>b1</w:t></w:r></w:p></w:tc></w:tr>" +
            "<w:tr><w:tc><w:p><w:r><w:t>a2</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>b2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>" +
            "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:t>chosen</w:t></mc:Choice><mc:Fallback><w:t>fallback</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>",
            title: "Features"));

        var (docs, errors) = await SampleData.ReadAsync(path);

        Assert.Empty(errors);
        var doc = Assert.Single(docs);
        Assert.Equal("Name\tvalue \nsecond line\n\nIn a content control-kept\n\na1 more\tb1\na2\tb2\n\nchosen", doc.Text);
        Assert.Equal(1, doc.Metadata["tables"]!.GetValue<int>());
        Assert.Equal("Features", doc.Metadata["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task FiftyThousandNestedContentControlsAreOneErrorAndTheDocumentsBesideItAreRead()
    {
        using var dir = new TempDirectory();
        dir.Write("deep.docx", HostileInputs.NestedSdtDocx(50_000));
        dir.Write("good.docx", HostileInputs.SimpleDocx("A good document."));

        var (docs, errors, _) = await SampleData.ReadAsync([dir.Path]);

        Assert.Equal("A good document.", Assert.Single(docs).Text);
        var error = Assert.Single(errors);
        Assert.EndsWith("deep.docx", error.File);
        Assert.Contains("word/document.xml nests elements more than 256 levels deep", error.Error);
    }

    [Fact]
    public async Task ADocxThatInflatesHundredsOfTimesIsStoppedByTheCompressionRatio()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("huge.docx", HostileInputs.HugeXmlDocx(32L << 20));

        var (docs, errors) = await SampleData.ReadAsync(path);

        Assert.Empty(docs);
        Assert.Contains("expands more than 100 times", Assert.Single(errors).Error);
    }

    [Fact]
    public async Task ADocxWithMoreTextThanOneDocumentMayHoldIsRefusedNamingTheLimit()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("long.docx", HostileInputs.SimpleDocx(new string('x', 5000)));

        var (docs, errors) = await SampleData.ReadAsync(path, new Wren.Data.Sources.SourceOptions { Threads = 1, MaxDocumentChars = 1000 });

        Assert.Empty(docs);
        Assert.Contains("--max-document-chars", Assert.Single(errors).Error);
    }
}
