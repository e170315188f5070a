using System.IO.Compression;

namespace Wren.Data.Sources;

/// <summary>
/// Zip archives through System.IO.Compression: each entry, in archive order, is read by the reader its
/// name selects, with source <c>ARCHIVE!/inner/path</c>. Entries of unknown formats are skipped; a bad
/// entry is reported and the next one read. Nested archives work the same way, up to
/// <see cref="SourceOptions.MaxArchiveDepth"/>; every entry is read through an <see cref="ExpansionLimitStream"/>,
/// so a zip bomb stops at its compression ratio or the input's byte budget.
/// </summary>
internal sealed class ZipArchiveReader : IDocumentReader
{
    public string Format => "zip";

    public bool CanRead(string fileName) => fileName.EndsWith(".zip", StringComparison.Ordinal);

    public async Task ReadAsync(SourceFile file, ReadContext context, CancellationToken cancellationToken)
    {
        context.CheckArchiveDepth();
        await using Stream stream = file.OpenSeekable();
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new Wren.Runtime.WrenException($"not a readable zip archive ({e.Message})");
        }
        using (zip)
        {
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/') || IsHiddenOrMetadata(entry.FullName))
                {
                    continue;
                }
                ZipArchiveEntry current = entry;
                long compressed = entry.CompressedLength;
                var charged = new System.Runtime.CompilerServices.StrongBox<long>();
                var inner = SourceFile.FromOpener($"{file.Name}!/{entry.FullName}", entry.Name, entry.Length,
                    () => new ExpansionLimitStream(current.Open(), context, () => compressed, charged: charged));
                await context.ReadAsync(inner, mustRead: false, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>macOS resource forks and dot-files are never content.</summary>
    internal static bool IsHiddenOrMetadata(string path)
    {
        foreach (string segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment.StartsWith('.') || segment == "__MACOSX")
            {
                return true;
            }
        }
        return false;
    }
}
