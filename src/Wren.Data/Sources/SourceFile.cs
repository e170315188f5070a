namespace Wren.Data.Sources;

/// <summary>
/// One readable input: a file on disk, an archive entry, a decompressed file or an e-mail attachment.
/// <see cref="Name"/> is what documents carry as their source (<c>dir/a.pdf</c>, <c>docs.zip!/a.pdf</c>,
/// <c>mail.eml#a.pdf</c>); <see cref="FileName"/> is the bare name whose extension picks the reader.
/// </summary>
internal sealed class SourceFile
{
    /// <summary>Entries up to this size are buffered in memory when a reader needs to seek; larger ones go
    /// to a temporary file, so memory stays bounded whatever the archive holds.</summary>
    private const long InMemoryLimit = 64L << 20;

    private readonly Func<Stream> _open;

    private SourceFile(string name, string fileName, long length, Func<Stream> open)
    {
        Name = name;
        FileName = fileName;
        Length = length;
        _open = open;
    }

    public string Name { get; }

    public string FileName { get; }

    /// <summary>Size in bytes, or -1 when unknown before reading (a decompressed stream).</summary>
    public long Length { get; }

    public static SourceFile FromPath(string path, string name) =>
        new(name, Path.GetFileName(path), new FileInfo(path).Length,
            () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));

    /// <summary>A file on disk whose reading is reported, as it goes, to <paramref name="progress"/>.</summary>
    public static SourceFile FromPath(string path, string name, ProgressReportingStream.HighWater progress) =>
        new(name, Path.GetFileName(path), new FileInfo(path).Length,
            () => new ProgressReportingStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan), progress));

    public static SourceFile FromBytes(string name, string fileName, byte[] bytes) =>
        new(name, fileName, bytes.Length, () => new MemoryStream(bytes, writable: false));

    /// <summary>An input that can be opened again (each call must return a fresh stream at its start).</summary>
    public static SourceFile FromOpener(string name, string fileName, long length, Func<Stream> open) =>
        new(name, fileName, length, open);

    /// <summary>A stream from the start of the content; may be forward-only.</summary>
    public Stream Open() => _open();

    /// <summary>A seekable stream (PDF, DOCX, Parquet and zip readers need one): the content itself when
    /// it can seek, else a copy in memory or, when large, in a temporary file deleted on close.</summary>
    public Stream OpenSeekable()
    {
        Stream stream = _open();
        if (stream.CanSeek)
        {
            return stream;
        }
        using (stream)
        {
            return Buffer(stream, Length);
        }
    }

    /// <summary>Copies a forward-only stream into something seekable (memory below the limit, else a temp file).</summary>
    public static Stream Buffer(Stream source, long lengthHint)
    {
        if (lengthHint is >= 0 and <= InMemoryLimit)
        {
            var memory = new MemoryStream(lengthHint > 0 ? (int)lengthHint : 0);
            source.CopyTo(memory);
            memory.Position = 0;
            return memory;
        }
        string temp = Path.Combine(Path.GetTempPath(), "wren-" + Guid.NewGuid().ToString("N") + ".tmp");
        var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        source.CopyTo(file);
        file.Position = 0;
        return file;
    }

    /// <summary>Reads a forward-only stream into a standalone input (for tar entries and attachments, which
    /// cannot be reopened once the reader moves on).</summary>
    public static SourceFile Capture(string name, string fileName, Stream source, long lengthHint)
    {
        if (lengthHint is >= 0 and <= InMemoryLimit)
        {
            var memory = new MemoryStream(lengthHint > 0 ? (int)lengthHint : 0);
            source.CopyTo(memory);
            return FromBytes(name, fileName, memory.ToArray());
        }
        // Large entry: spill to a temporary file that lives until the process ends.
        string temp = Path.Combine(Path.GetTempPath(), "wren-" + Guid.NewGuid().ToString("N") + ".tmp");
        using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            source.CopyTo(file);
        }
        TempFiles.Register(temp);
        return new SourceFile(name, fileName, new FileInfo(temp).Length,
            () => new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));
    }

    /// <summary>Spilled archive entries, deleted when the process exits.</summary>
    private static class TempFiles
    {
        private static readonly System.Collections.Concurrent.ConcurrentBag<string> Paths = new();

        static TempFiles() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (string p in Paths)
            {
                Wren.Runtime.Diagnostics.AtomicFile.TryDelete(p);
            }
        };

        public static void Register(string path) => Paths.Add(path);
    }
}
