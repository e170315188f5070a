using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Wren.Samples.Generator.Docs;

/// <summary>
/// Writes a speech as a Word document with DocumentFormat.OpenXml: Title and Heading styles
/// (defined in styles.xml, as Word does), body paragraphs, and one summary table.
/// </summary>
public static class DocxSpeechWriter
{
    public static byte[] Render(SpeechSections doc, DateTime fixedTime)
    {
        using var stream = new MemoryStream();
        using (WordprocessingDocument word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            // Parts get fixed relationship ids ("rId1", as Word writes them): the SDK's default ids
            // are random, and so would be every build of the file.
            MainDocumentPart main = word.AddNewPart<MainDocumentPart>("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "rId1");
            CoreFilePropertiesPart core = word.AddNewPart<CoreFilePropertiesPart>("application/vnd.openxmlformats-package.core-properties+xml", "rId2");
            using (Stream coreStream = core.GetStream(FileMode.Create))
            {
                coreStream.Write(System.Text.Encoding.UTF8.GetBytes(CoreProperties(doc, fixedTime)));
            }

            StyleDefinitionsPart styles = main.AddNewPart<StyleDefinitionsPart>("rId1");
            styles.Styles = Styles();

            var body = new Body();
            body.Append(Styled("Title", doc.Speech.Title));
            body.Append(Styled("Subtitle", $"Annual message to Congress by {doc.Speech.President}"));
            body.Append(Styled("Heading1", "Summary"));
            body.Append(SummaryTable(doc));
            body.Append(new Paragraph());
            body.Append(Styled("Heading1", "Address"));
            foreach ((string heading, IReadOnlyList<string> paragraphs) in doc.Sections)
            {
                body.Append(Styled("Heading2", heading));
                foreach (string paragraph in paragraphs)
                {
                    body.Append(new Paragraph(new Run(new Text(paragraph) { Space = SpaceProcessingModeValues.Preserve })));
                }
            }

            body.Append(new SectionProperties(
                new PageSize { Width = 12240U, Height = 15840U },
                new PageMargin { Top = 1440, Bottom = 1440, Left = 1440U, Right = 1440U }));
            main.Document = new Document(body);
            main.Document.Save();
        }

        return DeterministicZip.Normalize(stream.ToArray(), fixedTime);
    }

    private static string CoreProperties(SpeechSections doc, DateTime fixedTime)
    {
        string time = fixedTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" +
            "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" " +
            "xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">" +
            $"<dc:title>{System.Security.SecurityElement.Escape(doc.Speech.AsciiTitle)}</dc:title><dc:creator>Acme Research Library</dc:creator>" +
            $"<dcterms:created xsi:type=\"dcterms:W3CDTF\">{time}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{time}</dcterms:modified>" +
            "</cp:coreProperties>";
    }

    private static Paragraph Styled(string styleId, string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = styleId }), new Run(new Text(text)));

    private static Table SummaryTable(SpeechSections doc)
    {
        var table = new Table(new TableProperties(
            new TableStyle { Val = "TableGrid" },
            new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4 },
                new BottomBorder { Val = BorderValues.Single, Size = 4 },
                new LeftBorder { Val = BorderValues.Single, Size = 4 },
                new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 },
                new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 })));
        table.Append(Row(true, "Field", "Value"));
        table.Append(Row(false, "Year", doc.Speech.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        table.Append(Row(false, "President", doc.Speech.President));
        table.Append(Row(false, "Party", doc.PartyName));
        table.Append(Row(false, "Sections", string.Join(", ", doc.Sections.Select(s => s.Heading))));
        table.Append(Row(false, "Words", doc.WordCount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return table;
    }

    private static TableRow Row(bool header, params string[] cells)
    {
        var row = new TableRow();
        foreach (string cell in cells)
        {
            var run = new Run(new Text(cell));
            if (header)
            {
                run.PrependChild(new RunProperties(new Bold()));
            }

            row.Append(new TableCell(new Paragraph(run)));
        }

        return row;
    }

    private static Styles Styles()
    {
        static Style Paragraph(string id, string name, string size, bool bold, int outline = -1)
        {
            var runProperties = new StyleRunProperties(new FontSize { Val = size });
            if (bold)
            {
                runProperties.PrependChild(new Bold());
            }

            var paragraphProperties = new StyleParagraphProperties(new SpacingBetweenLines { Before = "240", After = "120" });
            if (outline >= 0)
            {
                paragraphProperties.Append(new OutlineLevel { Val = outline });
            }

            return new Style(
                new StyleName { Val = name },
                new BasedOn { Val = "Normal" },
                new NextParagraphStyle { Val = "Normal" },
                new PrimaryStyle(),
                paragraphProperties,
                runProperties)
            { Type = StyleValues.Paragraph, StyleId = id };
        }

        var normal = new Style(
            new StyleName { Val = "Normal" },
            new PrimaryStyle(),
            new StyleParagraphProperties(new SpacingBetweenLines { After = "160", Line = "259", LineRule = LineSpacingRuleValues.Auto }),
            new StyleRunProperties(new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri" }, new FontSize { Val = "22" }))
        { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true };

        return new Styles(
            normal,
            Paragraph("Title", "Title", "56", false),
            Paragraph("Subtitle", "Subtitle", "30", false),
            Paragraph("Heading1", "heading 1", "32", true, 0),
            Paragraph("Heading2", "heading 2", "26", true, 1),
            new Style(new StyleName { Val = "Table Grid" }, new PrimaryStyle()) { Type = StyleValues.Table, StyleId = "TableGrid" });
    }
}
