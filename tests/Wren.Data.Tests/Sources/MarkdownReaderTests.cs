namespace Wren.Data.Tests.Sources;

public sealed class MarkdownReaderTests
{
    [Fact]
    public async Task MarkdownKeepsTheTextAndDropsTheMarkup()
    {
        var (docs, errors) = await SampleData.ReadAsync(SampleData.PathOf("docs", "1800-john-adams.md"));
        Assert.Empty(errors);
        var doc = Assert.Single(docs);
        Assert.DoesNotContain("**", doc.Text);
        Assert.DoesNotContain("](", doc.Text);
        Assert.DoesNotContain("\n#", doc.Text);
        Assert.False(doc.Text.StartsWith('#'));
        Assert.Contains("Key passages", doc.Text); // a ## heading, kept as text
        Assert.Contains("Gentlemen of the Senate and Gentlemen of the House of Representatives", doc.Text);
        Assert.Equal("1800 State of the Union Address", doc.Metadata["title"]!.GetValue<string>());
        Assert.True(doc.Text.Length > 5000);
    }

    [Theory]
    [InlineData(">")]
    [InlineData("[")]
    public async Task MarkdownNestedFiftyThousandLevelsDeepIsOneErrorAndTheFilesBesideItAreRead(string opener)
    {
        using var dir = new TempDirectory();
        dir.Write("deep.md", string.Concat(Enumerable.Repeat(opener, 50_000)) + "text\n");
        dir.Write("good.md", "# Good\n\nA good document.");

        var (docs, errors, _) = await SampleData.ReadAsync([dir.Path]);

        Assert.Equal("Good\nA good document.", Assert.Single(docs).Text);
        var error = Assert.Single(errors);
        Assert.EndsWith("deep.md", error.File);
        Assert.Contains("too deeply nested", error.Error);
    }
}
