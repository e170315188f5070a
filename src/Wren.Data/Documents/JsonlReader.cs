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
    public static Stream OpenDecompressed(string path)
    {
        Stream file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        string name = path.ToLowerInvariant();
        if (name.EndsWith(".zst", StringComparison.Ordinal) || name.EndsWith(".zstd", StringComparison.Ordinal))
        {
            return new DecompressionStream(file);
        }
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            return new GZipStream(file, CompressionMode.Decompress);
        }
        return file;
    }

    /// <summary>Each non-blank line as UTF-8 bytes (the buffer is reused: copy what you keep).</summary>
    public static IEnumerable<(ReadOnlyMemory<byte> Line, long LineNumber)> ReadLines(string path)
    {
        using Stream stream = OpenDecompressed(path);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
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
