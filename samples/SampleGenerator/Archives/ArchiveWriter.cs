using System.Formats.Tar;
using System.IO.Compression;

namespace Wren.Samples.Generator;

/// <summary>Writes <c>docs.zip</c> and <c>docs.tar.gz</c> with fixed entry times, owners and modes, so they are byte-for-byte reproducible.</summary>
public static class ArchiveWriter
{
    public static byte[] Zip(IReadOnlyList<(string Name, byte[] Bytes)> entries, DateTime fixedTime) =>
        DeterministicZip.Create(entries, fixedTime);

    public static byte[] TarGz(IReadOnlyList<(string Name, byte[] Bytes)> entries, DateTime fixedTime)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: true))
        {
            var directories = new SortedSet<string>(StringComparer.Ordinal);
            foreach ((string name, _) in entries)
            {
                string? directory = Path.GetDirectoryName(name);
                if (!string.IsNullOrEmpty(directory) && directories.Add(directory))
                {
                    tar.WriteEntry(Header(new UstarTarEntry(TarEntryType.Directory, directory + "/"), fixedTime, 0b111_101_101));
                }
            }

            foreach ((string name, byte[] bytes) in entries)
            {
                UstarTarEntry entry = Header(new UstarTarEntry(TarEntryType.RegularFile, name), fixedTime, 0b110_100_100);
                entry.DataStream = new MemoryStream(bytes);
                tar.WriteEntry(entry);
            }
        }

        return output.ToArray();
    }

    private static UstarTarEntry Header(UstarTarEntry entry, DateTime fixedTime, int mode)
    {
        entry.ModificationTime = new DateTimeOffset(fixedTime, TimeSpan.Zero);
        entry.Mode = (UnixFileMode)mode;
        entry.Uid = 1000;
        entry.Gid = 1000;
        entry.UserName = "dana";
        entry.GroupName = "library";
        return entry;
    }
}
