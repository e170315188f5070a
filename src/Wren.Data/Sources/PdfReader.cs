using System.Text;
using System.Text.Json.Nodes;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using Wren.Data.Documents;

namespace Wren.Data.Sources;

/// <summary>
/// PDF through PdfPig: one document per file, each page's text in reading order (PdfPig's content-order
/// extractor, which follows the drawing order and inserts line breaks and spaces from glyph positions),
/// pages separated by a blank line. Metadata: <c>pages</c> and <c>page_starts</c> (the character offset
/// where each page begins, so a span of text maps back to its page), plus title and author when set.
/// A corrupt or truncated file is reported as "not a readable PDF", an image-only one as having no text.
/// </summary>
internal sealed class PdfReader : IDocumentReader
{
    public string Format => "pdf";

    public bool CanRead(string fileName) => fileName.EndsWith(".pdf", StringComparison.Ordinal);

    public async Task ReadAsync(SourceFile file, ReadContext context, CancellationToken cancellationToken)
    {
        Document document = Read(file, context.Options.MaxDocumentChars);
        await context.EmitAsync(document, Format, cancellationToken).ConfigureAwait(false);
    }

    private Document Read(SourceFile file, int maxChars)
    {
        using Stream stream = file.OpenSeekable();
        PdfDocument pdf;
        try
        {
            // Strict parsing: lenient mode "repairs" a truncated file into pages of nothing, which would hide the damage.
            pdf = PdfDocument.Open(stream, new ParsingOptions { UseLenientParsing = false, SkipMissingFonts = true });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new Wren.Runtime.WrenException($"not a readable PDF ({e.Message})");
        }
        using (pdf)
        {
            var text = new StringBuilder();
            var pageStarts = new JsonArray();
            int pages = pdf.NumberOfPages;
            for (int number = 1; number <= pages; number++)
            {
                Page page;
                string pageText;
                try
                {
                    page = pdf.GetPage(number);
                    pageText = ContentOrderTextExtractor.GetText(page);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    throw new Wren.Runtime.WrenException($"not a readable PDF: page {number} of {pages} ({e.Message})");
                }
                if (text.Length > 0)
                {
                    text.Append("\n\n");
                }
                pageStarts.Add(text.Length);
                text.Append(TextEncodingDetector.NormalizeNewlines(pageText).Trim());
                if (text.Length > maxChars)
                {
                    // Checked page by page, so a hostile PDF stops here instead of after all its pages.
                    throw new Wren.Runtime.WrenException($"more than {maxChars:N0} characters of text by page {number} of {pages} (--max-document-chars)");
                }
            }
            string all = text.ToString();
            if (all.Trim().Length == 0)
            {
                throw new Wren.Runtime.WrenException($"no extractable text in {pages} page(s) (scanned images need OCR)");
            }
            var metadata = new JsonObject { ["format"] = Format, ["pages"] = pages, ["page_starts"] = pageStarts };
            string? title = pdf.Information.Title;
            if (!string.IsNullOrWhiteSpace(title))
            {
                metadata["title"] = title.Trim();
            }
            string? author = pdf.Information.Author;
            if (!string.IsNullOrWhiteSpace(author))
            {
                metadata["author"] = author.Trim();
            }
            return new Document { Id = DocumentId.For(file.Name, ""), Text = all, Source = file.Name, Metadata = metadata };
        }
    }
}
