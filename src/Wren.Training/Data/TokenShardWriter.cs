using System.Buffers;
using System.Buffers.Binary;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;

namespace Wren.Training.Data;

/// <summary>
/// Writes tokens into llm.c shards <c>{prefix}_000.bin</c>, <c>{prefix}_001.bin</c>, ... in a folder,
/// starting a new shard when one reaches <see cref="MaxTokensPerShard"/>. Each shard is written to a
/// temporary file and renamed into place only once its header holds the final count, so a crash never
/// leaves a shard that claims tokens it does not have.
/// </summary>
public sealed class TokenShardWriter : IDisposable
{
    private readonly string _directory;
    private readonly string _prefix;
    private readonly int _version;
    private readonly List<string> _files = new();
    private FileStream? _stream;
    private string? _tempPath;
    private long _shardTokens;
    private byte[] _buffer = new byte[1 << 16];

    public TokenShardWriter(string directory, string prefix, int vocabularySize, long maxTokensPerShard = 100_000_000)
    {
        if (maxTokensPerShard <= 0 || maxTokensPerShard > int.MaxValue)
        {
            throw new WrenException($"tokens per shard must be between 1 and {int.MaxValue} (the header stores an int32), not {maxTokensPerShard}");
        }
        _directory = directory;
        _prefix = prefix;
        VocabularySize = vocabularySize;
        _version = TokenShardHeader.VersionFor(vocabularySize);
        MaxTokensPerShard = maxTokensPerShard;
        Directory.CreateDirectory(directory);
    }

    public int VocabularySize { get; }

    public long MaxTokensPerShard { get; }

    public long TokenCount { get; private set; }

    /// <summary>The shards completed so far (all of them after <see cref="Dispose"/>).</summary>
    public IReadOnlyList<string> Files => _files;

    public void Write(ReadOnlySpan<int> tokens)
    {
        while (tokens.Length > 0)
        {
            if (_stream is null)
            {
                Open();
            }
            int take = (int)Math.Min(tokens.Length, MaxTokensPerShard - _shardTokens);
            WriteTokens(tokens[..take]);
            tokens = tokens[take..];
            if (_shardTokens == MaxTokensPerShard)
            {
                Close();
            }
        }
    }

    private void WriteTokens(ReadOnlySpan<int> tokens)
    {
        int bytesPer = _version == 1 ? 2 : 4;
        int need = tokens.Length * bytesPer;
        if (_buffer.Length < need)
        {
            _buffer = new byte[Math.Max(need, _buffer.Length * 2)];
        }
        Span<byte> dst = _buffer.AsSpan(0, need);
        for (int i = 0; i < tokens.Length; i++)
        {
            int t = tokens[i];
            if ((uint)t >= (uint)VocabularySize)
            {
                throw new WrenException($"token id {t} is outside the vocabulary (size {VocabularySize})");
            }
            if (bytesPer == 2)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(dst[(i * 2)..], (ushort)t);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(dst[(i * 4)..], (uint)t);
            }
        }
        _stream!.Write(dst);
        _shardTokens += tokens.Length;
        TokenCount += tokens.Length;
    }

    private void Open()
    {
        string path = ShardPath(_files.Count);
        _tempPath = AtomicFile.TempPathFor(path);
        _stream = new FileStream(_tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        _stream.Write(new byte[TokenShardHeader.HeaderBytes]); // patched on close
        _shardTokens = 0;
    }

    private string ShardPath(int index) => Path.Combine(_directory, $"{_prefix}_{index:D3}.bin");

    private void Close()
    {
        if (_stream is null)
        {
            return;
        }
        Span<byte> header = stackalloc byte[TokenShardHeader.HeaderBytes];
        header.Clear();
        BinaryPrimitives.WriteInt32LittleEndian(header, TokenShardHeader.Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], _version);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], (int)_shardTokens);
        _stream.Position = 0;
        _stream.Write(header);
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        _stream = null;
        string path = ShardPath(_files.Count);
        AtomicFile.Commit(_tempPath!, path);
        _files.Add(path);
    }

    /// <summary>Finishes the last shard.</summary>
    public void Dispose() => Close();

    /// <summary>Drops the unfinished shard (after a failure), keeping those already complete.</summary>
    public void Abandon()
    {
        if (_stream is not null)
        {
            _stream.Dispose();
            _stream = null;
            AtomicFile.TryDelete(_tempPath!);
        }
    }
}
