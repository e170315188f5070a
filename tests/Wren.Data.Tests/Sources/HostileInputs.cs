using System.IO.Compression;
using System.Text;

namespace Wren.Data.Tests.Sources;

/// <summary>
/// Hostile inputs made on the spot (nothing committed): the probes of issue 17 that once crashed, hung or
/// filled memory. Shared with bench/Wren.Bench.Hostile, which measures the same inputs at full size.
/// </summary>
internal static class HostileInputs
{
    private const string WordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    /// <summary>A DOCX whose body nests <paramref name="depth"/> block content controls (w:sdt/w:sdtContent) around one paragraph.</summary>
    public static byte[] NestedSdtDocx(int depth)
    {
        var body = new StringBuilder();
        for (int i = 0; i < depth; i++)
        {
            body.Append("<w:sdt><w:sdtContent>");
        }
        body.Append("<w:p><w:r><w:t>deep inside</w:t></w:r></w:p>");
        for (int i = 0; i < depth; i++)
        {
            body.Append("</w:sdtContent></w:sdt>");
        }
        return Docx(body.ToString());
    }

    /// <summary>A DOCX whose document part holds about <paramref name="xmlBytes"/> of XML: the same empty-run
    /// paragraph over and over, which deflate shrinks several hundred times.</summary>
    public static byte[] HugeXmlDocx(long xmlBytes)
    {
        const string Paragraph = "<w:p><w:pPr><w:spacing w:after=\"0\"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\"> </w:t></w:r></w:p>";
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            WritePackageParts(zip);
            using var writer = new StreamWriter(zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open(), new UTF8Encoding(false));
            writer.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"{WordNamespace}\"><w:body>");
            for (long written = 0; written < xmlBytes; written += Paragraph.Length)
            {
                writer.Write(Paragraph);
            }
            writer.Write("</w:body></w:document>");
        }
        return output.ToArray();
    }

    /// <summary>A small ordinary DOCX with one paragraph of <paramref name="text"/>.</summary>
    public static byte[] SimpleDocx(string text) => Docx($"<w:p><w:r><w:t>{System.Security.SecurityElement.Escape(text)}</w:t></w:r></w:p>");

    /// <summary>A DOCX package around a WordprocessingML body.</summary>
    public static byte[] Docx(string bodyXml, string? title = null)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            WritePackageParts(zip, title);
            Write(zip, "word/document.xml",
                $"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"{WordNamespace}\" " +
                "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\">" +
                $"<w:body>{bodyXml}</w:body></w:document>");
        }
        return output.ToArray();
    }

    /// <summary>An HTML page of <paramref name="depth"/> nested <c>div</c>s around a sentence, plus a paragraph after them.</summary>
    public static string NestedDivHtml(int depth)
    {
        var html = new StringBuilder("<!DOCTYPE html><html><head><title>Deep</title></head><body>", depth * 11 + 200);
        html.Insert(html.Length, "<div>", depth);
        html.Append("The innermost sentence.");
        html.Insert(html.Length, "</div>", depth);
        html.Append("<p>A paragraph after the nest.</p></body></html>");
        return html.ToString();
    }

    /// <summary>
    /// A nested zip bomb: the innermost zip holds <paramref name="width"/> entries of <paramref name="entryBytes"/>
    /// letters each, and every level above holds <paramref name="width"/> copies of the level below, so the whole
    /// expands to width^(levels+1) x entryBytes while the file stays a few tens of kilobytes.
    /// </summary>
    public static byte[] NestedZipBomb(int levels, int width, int entryBytes)
    {
        byte[] letters = new byte[entryBytes];
        Array.Fill(letters, (byte)'a');
        byte[] current = Zip(Enumerable.Range(0, width).Select(i => ($"part-{i}.txt", letters)));
        for (int level = 0; level < levels; level++)
        {
            byte[] inner = current;
            current = Zip(Enumerable.Range(0, width).Select(i => ($"level{level}-{i}.zip", inner)));
        }
        return current;
    }

    /// <summary><paramref name="levels"/> zips each inside the next, the innermost holding one text file.</summary>
    public static byte[] NestedZips(int levels, string text)
    {
        byte[] current = Zip([("inner.txt", Encoding.UTF8.GetBytes(text))]);
        for (int level = 0; level < levels - 1; level++)
        {
            current = Zip([($"nest-{level}.zip", current)]);
        }
        return current;
    }

    /// <summary>A zip of the given entries, compressed as tightly as deflate goes.</summary>
    public static byte[] Zip(IEnumerable<(string Name, byte[] Content)> entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using Stream s = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                s.Write(content);
            }
        }
        return output.ToArray();
    }

    /// <summary>Gzip of <paramref name="bytes"/> letters 'a' (a ratio of about a thousand).</summary>
    public static byte[] GzipOfLetters(int bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            byte[] block = new byte[1 << 16];
            Array.Fill(block, (byte)'a');
            for (int written = 0; written < bytes; written += block.Length)
            {
                gzip.Write(block, 0, Math.Min(block.Length, bytes - written));
            }
        }
        return output.ToArray();
    }

    /// <summary>Text that is not UTF-8: Latin-1 'é' (0xE9) on line <paramref name="badLine"/>.</summary>
    public static byte[] Latin1Text(int badLine)
    {
        var bytes = new List<byte>();
        for (int line = 1; line < badLine; line++)
        {
            bytes.AddRange(Encoding.ASCII.GetBytes($"Line {line} is plain ASCII text.\n"));
        }
        bytes.AddRange(Encoding.ASCII.GetBytes("Caf"));
        bytes.Add(0xE9);
        bytes.AddRange(Encoding.ASCII.GetBytes(" au lait, written in Latin-1.\nThe end.\n"));
        return bytes.ToArray();
    }

    /// <summary>A CSV whose row on line <paramref name="badLine"/> opens a quote that is never closed.</summary>
    public static string UnterminatedQuoteCsv(int rows, int badLine)
    {
        var csv = new StringBuilder("id,text\n");
        for (int line = 2; line <= rows + 1; line++)
        {
            csv.Append(line == badLine ? $"{line},\"this quote never ends\n" : $"{line},row on line {line}\n");
        }
        return csv.ToString();
    }

    private static void WritePackageParts(ZipArchive zip, string? title = null)
    {
        Write(zip, "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
            "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" +
            "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
            "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>" +
            "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/></Types>");
        Write(zip, "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
            "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>" +
            "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/></Relationships>");
        Write(zip, "docProps/core.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" " +
            "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">" +
            $"<dc:title>{System.Security.SecurityElement.Escape(title ?? "Generated")}</dc:title><dc:creator>Hostile Inputs</dc:creator></cp:coreProperties>");
    }

    private static void Write(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }
}
