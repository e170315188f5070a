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
}
