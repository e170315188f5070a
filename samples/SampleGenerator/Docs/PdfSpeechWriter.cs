using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using Wren.Samples.Generator.Prose;

namespace Wren.Samples.Generator.Docs;

/// <summary>
/// Sets a speech as a multi-page Letter-size PDF with PdfPig's builder: standard-14 fonts, text
/// wrapped into lines by measured glyph widths, a running header and page numbers (boilerplate an
/// extractor sees on every page).
/// </summary>
public static class PdfSpeechWriter
{
    private const double Margin = 72;
    private const double BodySize = 11;
    private const double Leading = 14.5;

    public static byte[] Render(SpeechSections doc)
    {
        using var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = doc.Speech.AsciiTitle;
        builder.DocumentInformation.Author = "Acme Research Library";
        builder.DocumentInformation.Producer = "Acme sample generator (PdfPig)";
        PdfDocumentBuilder.AddedFont regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        PdfDocumentBuilder.AddedFont bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        PdfDocumentBuilder.AddedFont italic = builder.AddStandard14Font(Standard14Font.HelveticaOblique);

        var layout = new PageCursor(builder, regular, doc.Speech.AsciiTitle);
        layout.Line(Ascii.Fold(doc.Speech.Title), bold, 18, 26);
        layout.Line(Ascii.Fold($"Annual message to Congress by {doc.Speech.President} ({doc.PartyName})"), italic, 11, 24);
        foreach ((string heading, IReadOnlyList<string> paragraphs) in doc.Sections)
        {
            layout.Gap(6);
            layout.Line(heading, bold, 13, 20);
            foreach (string paragraph in paragraphs)
            {
                string text = Ascii.Fold(paragraph);
                foreach (string line in LineWrapper.Wrap(text, layout.TextWidth, candidate => layout.Measure(candidate, regular, BodySize)))
                {
                    layout.Line(line, regular, BodySize, Leading);
                }

                layout.Gap(7);
            }
        }

        return FixDocumentId(builder.Build(), doc.Speech.Stem);
    }

    /// <summary>
    /// PdfPig writes a random trailer /ID (two GUIDs). It is replaced in place, with the same
    /// length so no xref offset moves, by a hash of the speech, so rebuilding gives the same bytes.
    /// </summary>
    private static byte[] FixDocumentId(byte[] pdf, string key)
    {
        ReadOnlySpan<byte> marker = "/ID [ <"u8;
        int start = pdf.AsSpan().LastIndexOf(marker);
        if (start < 0)
        {
            return pdf;
        }

        string hex = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
        int first = start + marker.Length;
        int second = Array.IndexOf(pdf, (byte)'<', first) + 1;
        int firstLength = Array.IndexOf(pdf, (byte)'>', first) - first;
        int secondLength = Array.IndexOf(pdf, (byte)'>', second) - second;
        if (firstLength != 32 || secondLength != 32)
        {
            throw new InvalidDataException("unexpected PDF trailer /ID layout from PdfPig");
        }

        // Both halves the same, as PDF 32000-1 14.4 allows for a file that was never modified.
        System.Text.Encoding.ASCII.GetBytes(hex[..32]).CopyTo(pdf, first);
        System.Text.Encoding.ASCII.GetBytes(hex[..32]).CopyTo(pdf, second);
        return pdf;
    }

    /// <summary>Tracks the write position and starts a new page (with header and footer) when one fills up.</summary>
    private sealed class PageCursor
    {
        private readonly PdfDocumentBuilder _builder;
        private readonly PdfDocumentBuilder.AddedFont _chromeFont;
        private readonly string _runningTitle;
        private PdfPageBuilder? _page;
        private double _y;
        private int _pageNumber;

        public PageCursor(PdfDocumentBuilder builder, PdfDocumentBuilder.AddedFont chromeFont, string runningTitle)
        {
            _builder = builder;
            _chromeFont = chromeFont;
            _runningTitle = runningTitle;
        }

        public double TextWidth => PageWidth - (2 * Margin);

        private static double PageWidth => 612;

        private static double PageHeight => 792;

        public double Measure(string text, PdfDocumentBuilder.AddedFont font, double size)
        {
            PdfPageBuilder page = _page ?? NewPage();
            IReadOnlyList<Letter> letters = page.MeasureText(text, size, new PdfPoint(0, 0), font);
            return letters.Count == 0 ? 0 : letters[^1].EndBaseLine.X - letters[0].StartBaseLine.X;
        }

        public void Gap(double points) => _y -= points;

        public void Line(string text, PdfDocumentBuilder.AddedFont font, double size, double leading)
        {
            PdfPageBuilder page = _page ?? NewPage();
            if (_y - leading < Margin)
            {
                page = NewPage();
            }

            _y -= leading;
            page.AddText(text, size, new PdfPoint(Margin, _y), font);
        }

        private PdfPageBuilder NewPage()
        {
            _pageNumber++;
            _page = _builder.AddPage(PageSize.Letter);
            _page.AddText("Acme Research Library - " + _runningTitle, 8, new PdfPoint(Margin, PageHeight - 40), _chromeFont);
            _page.AddText($"Page {_pageNumber}", 8, new PdfPoint(PageWidth - Margin - 30, 36), _chromeFont);
            _y = PageHeight - Margin;
            return _page;
        }
    }
}
