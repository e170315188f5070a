using System.Formats.Tar;
using System.IO.Compression;

namespace Wren.Data.Sources;

/// <summary>
/// Tar archives (<c>.tar</c>, <c>.tar.gz</c>, <c>.tgz</c>) through System.Formats.Tar, streamed: each regular
/// file entry is captured (in memory, or a temporary file when large) and read by the reader its name
/// selects, with source <c>ARCHIVE!/inner/path</c>. A gzipped tar is read through an <see cref="ExpansionLimitStream"/>.
/// </summary>
internal sealed class TarArchiveReader : IDocumentReader
{
    public string Format => "tar";

    public bool CanRead(string fileName) =>
        fileName.EndsWith(".tar", StringComparison.Ordinal) || fileName.EndsWith(".tar.gz", StringComparison.Ordinal)
        || fileName.EndsWith(".tgz", StringComparison.Ordinal);

    public async Task ReadAsync(SourceFile file, ReadContext context, CancellationToken cancellationToken)
    {
        context.CheckArchiveDepth();
        await using Stream raw = file.Open();
        bool gzip = !file.FileName.EndsWith(".tar", StringComparison.OrdinalIgnoreCase);
        await using Stream stream = gzip
            ? new ExpansionLimitStream(new GZipStream(raw, CompressionMode.Decompress, leaveOpen: true), context, ExpansionLimitStream.ConsumedOf(raw))
            : raw;
        await using var tar = new TarReader(stream, leaveOpen: true);
        while (true)
        {
            TarEntry? entry;
            try
            {
                entry = await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
            {
                throw new Wren.Runtime.WrenException($"not a readable tar archive ({e.Message})");
            }
            if (entry is null)
            {
                break;
            }
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
            {
                continue;
            }
            string path = entry.Name;
            while (path.StartsWith("./", StringComparison.Ordinal))
            {
                path = path[2..];
            }
            path = path.TrimStart('/');
            if (path.Length == 0 || ZipArchiveReader.IsHiddenOrMetadata(path))
            {
                continue;
            }
            string name = Path.GetFileName(path);
            if (!context.CanRead(name))
            {
                context.Skipped.Add($"{file.Name}!/{path}");
                continue;
            }
            // The entry's data is only readable until the next entry: capture it so readers can reopen it.
            SourceFile inner = SourceFile.Capture($"{file.Name}!/{path}", name, entry.DataStream ?? Stream.Null, entry.DataStream is null ? 0 : entry.Length);
            await context.ReadAsync(inner, mustRead: false, cancellationToken).ConfigureAwait(false);
        }
    }
}
