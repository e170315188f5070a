using System.Text.Json.Nodes;
using Wren.Data.Curation.Recipe;
using Wren.Data.Documents;

namespace Wren.Data.Tests.Curation;

public sealed class SourceKindsTests
{
    private static Document WithFormat(string? format) => new()
    {
        Id = "d",
        Text = "text",
        Source = "test",
        Metadata = format is null ? new JsonObject() : new JsonObject { ["format"] = format },
    };

    [Theory]
    [InlineData("text", "document")]
    [InlineData("markdown", "document")]
    [InlineData("html", "document")]
    [InlineData("pdf", "document")]
    [InlineData("docx", "document")]
    [InlineData("email", "mail")]
    [InlineData("csv", "record")]
    [InlineData("tsv", "record")]
    [InlineData("jsonl", "record")]
    [InlineData("parquet", "record")]
    [InlineData("sqlite", "record")]
    [InlineData("postgresql", "record")]
    [InlineData("warc", "web")]
    [InlineData(null, "web")]
    public void ADocumentSKindComesFromItsIngestFormat(string? format, string kind) =>
        Assert.Equal(kind, new SourceKinds(new KindsOptions()).KindOf(WithFormat(format)));

    [Fact]
    public void AFormatThatIsNotAStringIsWeb()
    {
        var document = WithFormat(null) with { Metadata = new JsonObject { ["format"] = 3 } };
        Assert.Equal(SourceKinds.Web, new SourceKinds(new KindsOptions()).KindOf(document));
    }

    [Fact]
    public void ARecipeCanMoveAFormatToAnotherKind()
    {
        var recipe = RecipeYaml.Parse("kinds:\n  document:\n    formats: [text, markdown, html, pdf, docx, jsonl]\n  record:\n    formats: [csv]\n");
        var kinds = new SourceKinds(recipe.Kinds);
        Assert.Equal("document", kinds.KindOf(WithFormat("jsonl")));
        Assert.Equal("web", kinds.KindOf(WithFormat("parquet")));
    }

    [Fact]
    public void NoKindsMakeEveryDocumentWebCrawl()
    {
        Assert.Equal(SourceKinds.Web, SourceKinds.None.KindOf(WithFormat("email")));
        Assert.Null(SourceKinds.None.Of(new Wren.Data.Curation.Pipeline.WorkingDocument(WithFormat("email")) { Kind = "mail" }));
    }
}
