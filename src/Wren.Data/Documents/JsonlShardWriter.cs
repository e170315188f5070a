using System.Buffers;
using System.Text.Json;
using Wren.Runtime.Diagnostics;
using ZstdSharp;

namespace Wren.Data.Documents;

/// <summary>
/// Writes JSON lines into numbered, zstd-compressed shards <c>DIR/PREFIX-NNNNN.jsonl.zst</c>, rolling
/// to a new shard past a size limit. Each shard is written to a temporary file and renamed when
/// closed, so a crash never leaves a truncated shard that a later stage would read. Thread-safe.
/// </summary>
public sealed class JsonlShardWriter : IDisposable
{
    private readonly string _directory;
    private readonly string _prefix;
    private readonly long _maxUncompressedBytes;
    private readonly int _level;
    private readonly object _gate = new();
    private readonly List<string> _written = new();
    private readonly ArrayBufferWriterPool _buffers = new();
    private int _nextIndex;
    private FileStream? _file;
    private CompressionStream? _zstd;
    private string? _tempPath;
    private string? _finalPath;
    private long _bytesInShard;
    private bool _disposed;

    /// <param name="directory">Created if missing.</param>
    /// <param name="prefix">Shard file prefix, e.g. "part".</param>
    /// <param name="maxUncompressedBytes">Roll to a new shard after this many bytes of JSON.</param>
    /// <param name="firstIndex">Index of the first shard (lets parallel tasks write disjoint ranges).</param>
    public JsonlShardWriter(string directory, string prefix = "part", long maxUncompressedBytes = 256L << 20, int firstIndex = 0, int compressionLevel = 3)
    {
        _directory = directory;
        _prefix = prefix;
        _maxUncompressedBytes = maxUncompressedBytes;
        _nextIndex = firstIndex;
        _level = compressionLevel;
        Directory.CreateDirectory(directory);
    }

    /// <summary>Records written so far.</summary>
    public long Count { get; private set; }

    /// <summary>Shard paths completed so far (after <see cref="Dispose"/>: all of them).</summary>
    public IReadOnlyList<string> Files
    {
        get { lock (_gate) { return _written.ToArray(); } }
    }

    public void Write(Document document) => Write(document.WriteTo);

    /// <summary>Writes one record; <paramref name="write"/> must write exactly one JSON value.</summary>
    public void Write(Action<Utf8JsonWriter> write)
    {
        var buffer = _buffers.Rent();
        try
        {
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                write(json);
            }
            buffer.Write("\n"u8);
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_zstd is null)
                {
                    Open();
                }
                _zstd!.Write(buffer.WrittenSpan);
                _bytesInShard += buffer.WrittenCount;
                Count++;
                if (_bytesInShard >= _maxUncompressedBytes)
                {
                    Close();
                }
            }
        }
        finally
        {
            _buffers.Return(buffer);
        }
    }

    private void Open()
    {
        _finalPath = Path.Combine(_directory, $"{_prefix}-{_nextIndex++:D5}.jsonl.zst");
        _tempPath = AtomicFile.TempPathFor(_finalPath);
        _file = new FileStream(_tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        _zstd = new CompressionStream(_file, _level);
        _bytesInShard = 0;
    }

    private void Close()
    {
        _zstd!.Dispose();
        _file!.Dispose();
        AtomicFile.Commit(_tempPath!, _finalPath!);
        _written.Add(_finalPath!);
        _zstd = null;
        _file = null;
    }

    /// <summary>Completes the open shard. A writer that is never disposed leaves no shard behind.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            if (_zstd is not null)
            {
                Close();
            }
        }
    }

    /// <summary>Abandons the open shard without publishing it (used when a task fails).</summary>
    public void Abort()
    {
        lock (_gate)
        {
            _disposed = true;
            bool open = _zstd is not null;
            _zstd?.Dispose();
            _file?.Dispose();
            if (open)
            {
                AtomicFile.TryDelete(_tempPath!);
            }
            _zstd = null;
            _file = null;
        }
    }

    private sealed class ArrayBufferWriterPool
    {
        private readonly System.Collections.Concurrent.ConcurrentBag<System.Buffers.ArrayBufferWriter<byte>> _bag = new();

        public System.Buffers.ArrayBufferWriter<byte> Rent() => _bag.TryTake(out var b) ? b : new System.Buffers.ArrayBufferWriter<byte>(4096);

        public void Return(System.Buffers.ArrayBufferWriter<byte> buffer)
        {
            buffer.ResetWrittenCount();
            _bag.Add(buffer);
        }
    }
}
