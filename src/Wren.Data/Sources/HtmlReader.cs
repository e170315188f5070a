using System.Text.Json.Nodes;
using Wren.Data.Documents;

namespace Wren.Data.Sources;

/// <summary>HTML pages (<c>.html</c>, <c>.htm</c>, <c>.xhtml</c>) through AngleSharp: the main content as
/// text (<see cref="HtmlContentExtractor"/>), the page title in metadata.</summary>
internal sealed class HtmlReader : IDocumentReader
{
    public string Format => "html";

    public bool CanRead(string fileName) =>
        fileName.EndsWith(".html", StringComparison.Ordinal) || fileName.EndsWith(".htm", StringComparison.Ordinal)
        || fileName.EndsWith(".xhtml", StringComparison.Ordinal);

    public async Task ReadAsync(SourceFile file, ReadContext context, CancellationToken cancellationToken)
    {
        string html = await PlainTextReader.ReadAllTextAsync(file, context, cancellationToken).ConfigureAwait(false);
        html = HtmlNestingLimiter.Limit(html, HtmlNestingLimiter.MaxDepth, out int dropped);
        if (dropped > 0)
        {
            context.ReportWarning(file.Name, $"elements nest more than {HtmlNestingLimiter.MaxDepth} levels deep: {dropped:N0} tags past that depth were dropped (their text is kept)");
        }
        var (text, title) = HtmlContentExtractor.Extract(html);
        if (text.Length == 0)
        {
            throw new Wren.Runtime.WrenException("no text found in the page's main content");
        }
        var metadata = new JsonObject { ["format"] = Format };
        if (title is not null)
        {
            metadata["title"] = title;
        }
        await context.EmitAsync(new Document { Id = DocumentId.For(file.Name, ""), Text = text, Source = file.Name, Metadata = metadata }, Format, cancellationToken).ConfigureAwait(false);
    }
}
