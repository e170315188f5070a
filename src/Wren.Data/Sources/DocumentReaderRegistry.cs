namespace Wren.Data.Sources;

/// <summary>The readers in the order they are tried: the first whose <see cref="IDocumentReader.CanRead"/>
/// accepts a file name reads it (so <c>.tar.gz</c> reaches the tar reader before the gzip one).</summary>
internal sealed class DocumentReaderRegistry
{
    private readonly IDocumentReader[] _readers;

    public DocumentReaderRegistry(IEnumerable<IDocumentReader> readers) => _readers = readers.ToArray();

    public static DocumentReaderRegistry Default { get; } = new(
    [
        new TarArchiveReader(),
        new ZipArchiveReader(),
        new JsonLinesReader(),
        new CompressedFileReader(),
        new PlainTextReader(),
        new MarkdownReader(),
        new HtmlReader(),
        new PdfReader(),
        new DocxReader(),
        new EmailReader(),
        new MboxReader(),
        new DelimitedTextReader(),
        new ParquetFileReader(),
        new SqliteFileReader(),
    ]);

    public IDocumentReader? Find(string fileName)
    {
        string lower = fileName.ToLowerInvariant();
        foreach (IDocumentReader reader in _readers)
        {
            if (reader.CanRead(lower))
            {
                return reader;
            }
        }
        return null;
    }

    /// <summary>The format names, for error messages.</summary>
    public string Describe() => string.Join(", ", _readers.Select(r => r.Format).Distinct());
}
