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
/// <remarks>
/// zstd level 1 by default: ZstdSharp (managed zstd) compresses JSONL text at about 40 MB/s per core at
/// level 3 and three times that at level 1, for files about 13% larger; curation writes every byte twice,
/// so level 3 alone would cost more than most of its steps.
/// </remarks>
public sealed class JsonlShardWriter : IDisposable
{
    private readonly string _directory;
    private readonly string _prefix;
    private readonly long _maxUncompressedBytes;
    private readonly int _level;
    private readonly object _gate = new();
    private readonly List<string> _written = new();
    private readonly System.Collections.Concurrent.ConcurrentBag<RecordBuffer> _buffers = new();
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
    public JsonlShardWriter(string directory, string prefix = "part", long maxUncompressedBytes = 256L << 20, int firstIndex = 0, int compressionLevel = DefaultCompressionLevel)
    {
        _directory = directory;
        _prefix = prefix;
        _maxUncompressedBytes = maxUncompressedBytes;
        _nextIndex = firstIndex;
        _level = compressionLevel;
        Directory.CreateDirectory(directory);
    }

    /// <summary>The zstd level used unless another is asked for (see the remarks on the class).</summary>
    public const int DefaultCompressionLevel = 1;

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
        // One Utf8JsonWriter per pooled buffer, reset per record: building a writer per record costs more than small records do.
        if (!_buffers.TryTake(out var record))
        {
            record = new RecordBuffer();
        }
        try
        {
            record.Json.Reset(record.Buffer);
            write(record.Json);
            record.Json.Flush();
            record.Buffer.Write("\n"u8);
            Append(record.Buffer.WrittenSpan);
        }
        finally
        {
            record.Buffer.ResetWrittenCount();
            _buffers.Add(record);
        }
    }

    /// <summary>
    /// Writes one record that is already serialized (one JSON value on one line, no newline), byte for byte:
    /// for copying lines from one shard to another without parsing them.
    /// </summary>
    public void WriteRaw(ReadOnlySpan<byte> jsonLine)
    {
        if (jsonLine.IndexOfAny((byte)'\n', (byte)'\r') >= 0)
        {
            throw new ArgumentException("a JSONL record must be one line", nameof(jsonLine));
        }
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_zstd is null)
            {
                Open();
            }
            _zstd!.Write(jsonLine);
            _zstd.Write("\n"u8);
            Committed(jsonLine.Length + 1);
        }
    }

    private void Append(ReadOnlySpan<byte> line)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_zstd is null)
            {
                Open();
            }
            _zstd!.Write(line);
            Committed(line.Length);
        }
    }

    private void Committed(int bytes)
    {
        _bytesInShard += bytes;
        Count++;
        if (_bytesInShard >= _maxUncompressedBytes)
        {
            Close();
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

    private sealed class RecordBuffer
    {
        public RecordBuffer() => Json = new Utf8JsonWriter(Buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        public ArrayBufferWriter<byte> Buffer { get; } = new(4096);

        public Utf8JsonWriter Json { get; }
    }
}
