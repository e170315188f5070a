using System.IO.Compression;

namespace Wren.Samples.Generator;

/// <summary>
/// Zip writers stamp every entry with the current time, so two runs never give the same bytes.
/// This rewrites a zip (a .docx is one) entry by entry, in the same order, with a fixed time.
/// </summary>
public static class DeterministicZip
{
    public static byte[] Normalize(byte[] zip, DateTime fixedTime)
    {
        using var input = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var entries = input.Entries.Select(entry =>
        {
            using Stream source = entry.Open();
            using var copy = new MemoryStream();
            source.CopyTo(copy);
            return (entry.FullName, Bytes: copy.ToArray());
        }).ToList();
        return Create(entries, fixedTime);
    }

    public static byte[] Create(IEnumerable<(string Name, byte[] Bytes)> entries, DateTime fixedTime)
    {
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach ((string name, byte[] bytes) in entries)
            {
                ZipArchiveEntry entry = archive.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = new DateTimeOffset(fixedTime, TimeSpan.Zero);
                using Stream target = entry.Open();
                target.Write(bytes);
            }
        }

        return output.ToArray();
    }
}
