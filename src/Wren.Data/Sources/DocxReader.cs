using System.IO.Compression;
using System.Text.Json.Nodes;
using System.Xml;
using Document = Wren.Data.Documents.Document;
using DocumentId = Wren.Data.Documents.DocumentId;

namespace Wren.Data.Sources;

/// <summary>
/// Word documents (<c>.docx</c>): the package (a zip) through System.IO.Compression, the main document part
/// found through <c>_rels/.rels</c> as OPC says and read as a stream by <see cref="DocxTextExtractor"/>, title
/// and author from the core properties into metadata. Every part is read through an
/// <see cref="ExpansionLimitStream"/>, so a DOCX that inflates to hundreds of megabytes of XML stops at the
/// compression ratio or the input's byte budget instead of filling memory.
/// </summary>
internal sealed class DocxReader : IDocumentReader
{
    private const string PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";

    public string Format => "docx";

    public bool CanRead(string fileName) => fileName.EndsWith(".docx", StringComparison.Ordinal);

    public async Task ReadAsync(SourceFile file, ReadContext context, CancellationToken cancellationToken)
    {
        Document document = Read(file, context);
        await context.EmitAsync(document, Format, cancellationToken).ConfigureAwait(false);
    }

    private Document Read(SourceFile file, ReadContext context)
    {
        using Stream stream = file.OpenSeekable();
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new Wren.Runtime.WrenException($"not a readable DOCX ({e.Message})");
        }
        using (zip)
        {
            var relationships = ReadRelationships(zip, context);
            string mainPart = relationships.GetValueOrDefault("officeDocument")
                ?? throw new Wren.Runtime.WrenException("not a readable DOCX (the package names no main document part in _rels/.rels)");
            ZipArchiveEntry entry = zip.GetEntry(mainPart)
                ?? throw new Wren.Runtime.WrenException($"not a readable DOCX (the main document part {mainPart} is missing)");
            string text;
            int tables;
            using (Stream part = OpenPart(entry, context))
            {
                (text, tables) = DocxTextExtractor.Extract(part, context.Options.MaxDocumentChars, mainPart);
            }
            var metadata = new JsonObject { ["format"] = Format, ["tables"] = tables };
            if (relationships.GetValueOrDefault("core-properties") is string core && zip.GetEntry(core) is ZipArchiveEntry coreEntry)
            {
                var (title, author) = ReadCoreProperties(coreEntry, context);
                if (!string.IsNullOrWhiteSpace(title))
                {
                    metadata["title"] = title.Trim();
                }
                if (!string.IsNullOrWhiteSpace(author))
                {
                    metadata["author"] = author.Trim();
                }
            }
            return new Document { Id = DocumentId.For(file.Name, ""), Text = text, Source = file.Name, Metadata = metadata };
        }
    }

    private static Stream OpenPart(ZipArchiveEntry entry, ReadContext context)
    {
        long compressed = entry.CompressedLength;
        try
        {
            return new ExpansionLimitStream(entry.Open(), context, () => compressed);
        }
        catch (InvalidDataException e)
        {
            throw new Wren.Runtime.WrenException($"not a readable DOCX: {entry.FullName} ({e.Message})");
        }
    }

    /// <summary>The package relationships' targets by the last segment of their type (officeDocument,
    /// core-properties), as zip entry names.</summary>
    private static Dictionary<string, string> ReadRelationships(ZipArchive zip, ReadContext context)
    {
        ZipArchiveEntry entry = zip.GetEntry("_rels/.rels")
            ?? throw new Wren.Runtime.WrenException("not a readable DOCX (no _rels/.rels: not an Office Open XML package)");
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        using Stream part = OpenPart(entry, context);
        try
        {
            using XmlReader reader = XmlReader.Create(part, DocxTextExtractor.SafeSettings());
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "Relationship" || reader.NamespaceURI != PackageRelationships)
                {
                    continue;
                }
                string? type = reader.GetAttribute("Type");
                string? target = reader.GetAttribute("Target");
                if (type is null || target is null || reader.GetAttribute("TargetMode") == "External")
                {
                    continue;
                }
                // Transitional and Strict spell the type differently; the last segment is the same.
                targets.TryAdd(type[(type.LastIndexOf('/') + 1)..], target.TrimStart('/'));
            }
        }
        catch (XmlException e)
        {
            throw new Wren.Runtime.WrenException($"not a readable DOCX: _rels/.rels is not well-formed XML ({e.Message})");
        }
        return targets;
    }

    /// <summary>dc:title and dc:creator of <c>docProps/core.xml</c>; unreadable properties are only metadata, so they are left out.</summary>
    private static (string? Title, string? Author) ReadCoreProperties(ZipArchiveEntry entry, ReadContext context)
    {
        const string DublinCore = "http://purl.org/dc/elements/1.1/";
        string? title = null, author = null;
        using Stream part = OpenPart(entry, context);
        try
        {
            using XmlReader reader = XmlReader.Create(part, DocxTextExtractor.SafeSettings());
            // Reading an element's content leaves the reader on the node after it, which must not be read past.
            bool onNext = false;
            while (onNext || reader.Read())
            {
                onNext = false;
                if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != DublinCore || reader.Depth != 1)
                {
                    continue;
                }
                if (reader.LocalName == "title" && title is null)
                {
                    title = ReadShortText(reader);
                    onNext = true;
                }
                else if (reader.LocalName == "creator" && author is null)
                {
                    author = ReadShortText(reader);
                    onNext = true;
                }
            }
        }
        catch (XmlException)
        {
        }
        return (title, author);
    }

    /// <summary>An element's text, at most a few thousand characters (a property, not a document).</summary>
    private static string ReadShortText(XmlReader reader)
    {
        string text = reader.ReadElementContentAsString();
        return text.Length > 4096 ? text[..4096] : text;
    }
}
