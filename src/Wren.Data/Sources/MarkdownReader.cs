using System.Text.Json.Nodes;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Wren.Data.Documents;

namespace Wren.Data.Sources;

/// <summary>
/// Markdown (<c>.md</c>, <c>.markdown</c>) through Markdig: the text is kept, the markup (emphasis,
/// link targets, code fences, YAML front matter, table pipes) dropped. The first top-level heading
/// becomes the <c>title</c>.
/// </summary>
internal sealed class MarkdownReader : IDocumentReader
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UsePipeTables()
        .UseEmphasisExtras()
        .Build();

    public string Format => "markdown";

    public bool CanRead(string fileName) =>
        fileName.EndsWith(".md", StringComparison.Ordinal) || fileName.EndsWith(".markdown", StringComparison.Ordinal);

    public async Task ReadAsync(SourceFile file, ReadContext context, CancellationToken cancellationToken)
    {
        string markdown = await PlainTextReader.ReadAllTextAsync(file, context, cancellationToken).ConfigureAwait(false);
        var (text, title) = ToPlainText(markdown);
        var metadata = new JsonObject { ["format"] = Format };
        if (title is not null)
        {
            metadata["title"] = title;
        }
        await context.EmitAsync(new Document { Id = DocumentId.For(file.Name, ""), Text = text, Source = file.Name, Metadata = metadata }, Format, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Markdown to plain text, and the text of the first level-1 heading if there is one.</summary>
    public static (string Text, string? Title) ToPlainText(string markdown)
    {
        MarkdownDocument document = Markdown.Parse(markdown, Pipeline);
        string? title = null;
        foreach (HeadingBlock heading in document.Descendants<HeadingBlock>())
        {
            if (heading.Level == 1 && heading.Inline is not null)
            {
                title = RenderPlain(heading.Inline).Trim();
                break;
            }
        }
        return (RenderPlain(document).Trim(), title);
    }

    private static string RenderPlain(MarkdownObject node)
    {
        // Markdig's own Markdown.ToPlainText does exactly this: the HTML renderer with all HTML switched off.
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer) { EnableHtmlForBlock = false, EnableHtmlForInline = false, EnableHtmlEscape = false };
        Pipeline.Setup(renderer);
        renderer.Render(node);
        writer.Flush();
        return writer.ToString();
    }
}
