using System.Buffers;
using System.IO.Compression;
using ZstdSharp;

namespace Wren.Data.Documents;

/// <summary>
/// Streams the lines of a JSONL file, plain or compressed (<c>.zst</c>, <c>.gz</c>), without reading
/// the whole file into memory. Blank lines are skipped; each line comes with its 1-based number so
/// that errors can say where.
/// </summary>
public static class JsonlReader
{
    public static bool IsJsonl(string path)
    {
        string name = path.ToLowerInvariant();
        return name.EndsWith(".jsonl", StringComparison.Ordinal) || name.EndsWith(".jsonl.zst", StringComparison.Ordinal)
            || name.EndsWith(".jsonl.gz", StringComparison.Ordinal) || name.EndsWith(".ndjson", StringComparison.Ordinal)
            || name.EndsWith(".jsonl.zstd", StringComparison.Ordinal);
    }

    /// <summary>Opens a file for reading, decompressing by extension.</summary>
    /// <remarks>A <c>.zst</c> file may hold several frames (Wren's intermediate shards do): all are read, in order.</remarks>
    public static Stream OpenDecompressed(string path)
    {
        string name = path.ToLowerInvariant();
        if (IsZstd(name))
        {
            // zstd reads its input in pieces of 128 KB, more than a FileStream buffer would hold.
            return new DecompressionStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0), leaveOpen: false);
        }
        Stream file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            return new GZipStream(file, CompressionMode.Decompress);
        }
        return file;
    }

    private static bool IsZstd(string lowerCaseName) =>
        lowerCaseName.EndsWith(".zst", StringComparison.Ordinal) || lowerCaseName.EndsWith(".zstd", StringComparison.Ordinal);

    /// <summary>Opens <paramref name="path"/> like <see cref="OpenDecompressed"/>, with a zstd context from the pool (returned in <see cref="ReadLines"/>).</summary>
    private static Stream OpenPooled(string path, out Decompressor? decompressor)
    {
        decompressor = null;
        if (!IsZstd(path.ToLowerInvariant()))
        {
            return OpenDecompressed(path);
        }
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        decompressor = ZstdContextPool.RentDecompressor();
        return new DecompressionStream(file, decompressor, preserveDecompressor: true, leaveOpen: false);
    }

    /// <summary>Each non-blank line as UTF-8 bytes (the buffer is reused: copy what you keep).</summary>
    public static IEnumerable<(ReadOnlyMemory<byte> Line, long LineNumber)> ReadLines(string path)
    {
        Stream stream = OpenPooled(path, out var decompressor);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 18);
        try
        {
            int start = 0, end = 0;
            long lineNumber = 0;
            while (true)
            {
                int nl = Array.IndexOf(buffer, (byte)'\n', start, end - start);
                if (nl >= 0)
                {
                    lineNumber++;
                    int len = nl - start;
                    if (len > 0 && buffer[nl - 1] == '\r')
                    {
                        len--;
                    }
                    if (!IsBlank(buffer.AsSpan(start, len)))
                    {
                        yield return (new ReadOnlyMemory<byte>(buffer, start, len), lineNumber);
                    }
                    start = nl + 1;
                    continue;
                }
                // No newline in what is buffered: compact, grow if one line fills the buffer, read more.
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buffer.Length)
                {
                    byte[] bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, bigger, 0, end);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                int read;
                try
                {
                    read = stream.Read(buffer, end, buffer.Length - end);
                }
                catch (Exception e) when (e is InvalidDataException or ZstdException or IOException)
                {
                    throw new Wren.Runtime.WrenException($"{path}: corrupt or truncated compressed data after line {lineNumber} ({e.Message})", e);
                }
                if (read == 0)
                {
                    if (end > start && !IsBlank(buffer.AsSpan(start, end - start)))
                    {
                        yield return (new ReadOnlyMemory<byte>(buffer, start, end - start), lineNumber + 1);
                    }
                    yield break;
                }
                end += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            stream.Dispose();
            if (decompressor is not null)
            {
                ZstdContextPool.Return(decompressor);
            }
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (byte b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }
        return true;
    }
}
