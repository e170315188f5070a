using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using Wren.Runtime;

namespace Wren.Training.Data;

/// <summary>
/// Reads an llm.c token shard (version 1 uint16 or version 2 uint32 tokens) through a memory map,
/// checking the header against the file size so a truncated shard is reported, not misread.
/// </summary>
public sealed class TokenShardReader : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;

    public TokenShardReader(string path)
    {
        FilePath = path;
        Header = ReadHeader(path);
        _map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _view = _map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
    }

    public string FilePath { get; }

    public TokenShardHeader Header { get; }

    public long TokenCount => Header.TokenCount;

    /// <summary>The shards <c>{split}_NNN.bin</c> in a folder, in order.</summary>
    public static IReadOnlyList<string> ShardFiles(string directory, string split)
    {
        if (!Directory.Exists(directory))
        {
            throw new WrenException($"{directory}: no such token folder");
        }
        var files = Directory.GetFiles(directory, split + "_*.bin").ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    public static TokenShardHeader ReadHeader(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> header = stackalloc byte[TokenShardHeader.HeaderBytes];
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
        {
            throw new WrenException($"{path}: shorter than the 1024-byte llm.c header");
        }
        int magic = BinaryPrimitives.ReadInt32LittleEndian(header);
        int version = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        int count = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if (magic != TokenShardHeader.Magic)
        {
            throw new WrenException($"{path}: magic {magic} is not {TokenShardHeader.Magic}; not an llm.c token shard");
        }
        if (version is not (1 or 2))
        {
            throw new WrenException($"{path}: version {version} is not 1 (uint16) or 2 (uint32)");
        }
        var result = new TokenShardHeader(version, count);
        long expected = TokenShardHeader.HeaderBytes + (long)count * result.TokenBytes;
        if (count < 0 || stream.Length != expected)
        {
            throw new WrenException($"{path}: header says {count} tokens ({expected} bytes) but the file has {stream.Length} bytes");
        }
        return result;
    }

    /// <summary>Copies tokens [start, start + destination.Length) into <paramref name="destination"/>.</summary>
    public void Read(long start, Span<int> destination)
    {
        if (start < 0 || start + destination.Length > TokenCount)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"tokens {start}..{start + destination.Length} outside 0..{TokenCount}");
        }
        long offset = TokenShardHeader.HeaderBytes + start * Header.TokenBytes;
        unsafe
        {
            byte* basePtr = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref basePtr);
            try
            {
                byte* p = basePtr + _view.PointerOffset + offset;
                if (Header.Version == 1)
                {
                    var src = new ReadOnlySpan<ushort>(p, destination.Length);
                    for (int i = 0; i < src.Length; i++)
                    {
                        destination[i] = BitConverter.IsLittleEndian ? src[i] : BinaryPrimitives.ReverseEndianness(src[i]);
                    }
                }
                else
                {
                    new ReadOnlySpan<int>(p, destination.Length).CopyTo(destination);
                    if (!BitConverter.IsLittleEndian)
                    {
                        BinaryPrimitives.ReverseEndianness(destination, destination);
                    }
                }
            }
            finally
            {
                _view.SafeMemoryMappedViewHandle.ReleasePointer();
            }
        }
    }

    public int[] ReadAll()
    {
        var all = new int[TokenCount];
        Read(0, all);
        return all;
    }

    public void Dispose()
    {
        _view.Dispose();
        _map.Dispose();
    }
}
