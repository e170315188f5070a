using System.Text;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Document = Wren.Data.Documents.Document;
using DocumentId = Wren.Data.Documents.DocumentId;

namespace Wren.Data.Sources;

/// <summary>
/// Word documents (<c>.docx</c>) through DocumentFormat.OpenXml: the body's paragraphs in order (tabs and
/// line breaks kept), tables as rows of tab-separated cells, content controls looked into. Title and
/// author from the package properties go to metadata.
/// </summary>
internal sealed class DocxReader : IDocumentReader
{
    public string Format => "docx";

    public bool CanRead(string fileName) => fileName.EndsWith(".docx", StringComparison.Ordinal);

    public async Task ReadAsync(SourceFile file, ReadContext context, CancellationToken cancellationToken)
    {
        Document document = Read(file);
        await context.EmitAsync(document, Format, cancellationToken).ConfigureAwait(false);
    }

    private Document Read(SourceFile file)
    {
        using Stream stream = file.OpenSeekable();
        WordprocessingDocument word;
        try
        {
            word = WordprocessingDocument.Open(stream, isEditable: false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new Wren.Runtime.WrenException($"not a readable DOCX ({e.Message})");
        }
        using (word)
        {
            Body? body = word.MainDocumentPart?.Document?.Body;
            if (body is null)
            {
                throw new Wren.Runtime.WrenException("not a readable DOCX (no document body)");
            }
            var text = new StringBuilder();
            int tables = 0;
            AppendBlocks(body, text, ref tables);
            var metadata = new JsonObject { ["format"] = Format, ["tables"] = tables };
            string? title = word.PackageProperties.Title;
            if (!string.IsNullOrWhiteSpace(title))
            {
                metadata["title"] = title.Trim();
            }
            string? author = word.PackageProperties.Creator;
            if (!string.IsNullOrWhiteSpace(author))
            {
                metadata["author"] = author.Trim();
            }
            return new Document { Id = DocumentId.For(file.Name, ""), Text = text.ToString().Trim(), Source = file.Name, Metadata = metadata };
        }
    }

    private static void AppendBlocks(OpenXmlElement container, StringBuilder text, ref int tables)
    {
        foreach (OpenXmlElement child in container.ChildElements)
        {
            switch (child)
            {
                case Paragraph paragraph:
                    string line = ParagraphText(paragraph);
                    if (line.Length > 0)
                    {
                        text.Append(line).Append("\n\n");
                    }
                    break;
                case Table table:
                    tables++;
                    AppendTable(table, text);
                    text.Append('\n');
                    break;
                case SdtBlock or SdtContentBlock or CustomXmlBlock:
                    AppendBlocks(child, text, ref tables);
                    break;
            }
        }
    }

    private static void AppendTable(Table table, StringBuilder text)
    {
        foreach (TableRow row in table.Elements<TableRow>())
        {
            bool first = true;
            foreach (TableCell cell in row.Elements<TableCell>())
            {
                if (!first)
                {
                    text.Append('\t');
                }
                first = false;
                var cellText = new List<string>();
                foreach (Paragraph p in cell.Descendants<Paragraph>())
                {
                    string s = ParagraphText(p);
                    if (s.Length > 0)
                    {
                        cellText.Add(s);
                    }
                }
                text.Append(string.Join(' ', cellText));
            }
            text.Append('\n');
        }
    }

    private static string ParagraphText(Paragraph paragraph)
    {
        var sb = new StringBuilder();
        foreach (OpenXmlElement e in paragraph.Descendants())
        {
            switch (e)
            {
                case Text t:
                    sb.Append(t.Text);
                    break;
                case TabChar:
                    sb.Append('\t');
                    break;
                case Break or CarriageReturn:
                    sb.Append('\n');
                    break;
                case NoBreakHyphen:
                    sb.Append('-');
                    break;
            }
        }
        return sb.ToString().Trim();
    }
}
