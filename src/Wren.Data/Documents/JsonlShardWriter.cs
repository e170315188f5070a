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
/// <para>
/// zstd level 1 by default: ZstdSharp (managed zstd) compresses JSONL text at about 40 MB/s per core at
/// level 3 and three times that at level 1, for files about 13% larger; curation writes every byte twice,
/// so level 3 alone would cost more than most of its steps.
/// </para>
/// <para>
/// Records are gathered into a chunk of about <see cref="DefaultChunkBytes"/> (whole lines only) and handed to zstd a
/// chunk at a time. With <see cref="ZstdFraming.IndependentFrames"/> each chunk is one frame compressed in one call;
/// with <see cref="ZstdFraming.SingleFrame"/> a shard that ends within its first chunk is also compressed in one call,
/// and a longer one is streamed into one frame, a chunk per call. A call over contiguous input takes zstd's fast match
/// finder; streaming copies input into a ring buffer, and past the first window zstd then takes its slower
/// external-dictionary path (about 30% slower here). The compression contexts are reused across shards.
/// </para>
/// </remarks>
public sealed class JsonlShardWriter : IDisposable
{
    /// <summary>The JSON gathered before zstd sees it (see the remarks on the class).</summary>
    public const int DefaultChunkBytes = 1 << 20;

    private readonly string _directory;
    private readonly string _prefix;
    private readonly long _maxUncompressedBytes;
    private readonly int _level;
    private readonly ZstdFraming _framing;
    private readonly int _chunkBytes;
    private readonly object _gate = new();
    private readonly List<string> _written = new();
    private readonly System.Collections.Concurrent.ConcurrentBag<RecordBuffer> _buffers = new();
    private int _nextIndex;
    private FileStream? _file;
    private Compressor? _compressor;
    private CompressionStream? _zstd;
    private byte[] _chunk = [];
    private int _chunkLength;
    private byte[] _compressed = [];
    private string? _tempPath;
    private string? _finalPath;
    private long _bytesInShard;
    private bool _disposed;

    /// <param name="directory">Created if missing.</param>
    /// <param name="prefix">Shard file prefix, e.g. "part".</param>
    /// <param name="maxUncompressedBytes">Roll to a new shard after this many bytes of JSON.</param>
    /// <param name="firstIndex">Index of the first shard (lets parallel tasks write disjoint ranges).</param>
    /// <param name="compressionLevel">zstd level.</param>
    /// <param name="framing">One frame per shard (for other tools) or one per chunk (intermediate shards Wren reads back).</param>
    /// <param name="chunkBytes">JSON gathered per zstd call; a longer record gets a chunk of its own.</param>
    public JsonlShardWriter(string directory, string prefix = "part", long maxUncompressedBytes = 256L << 20, int firstIndex = 0,
        int compressionLevel = DefaultCompressionLevel, ZstdFraming framing = ZstdFraming.SingleFrame, int chunkBytes = DefaultChunkBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkBytes, 1);
        _directory = directory;
        _prefix = prefix;
        _maxUncompressedBytes = maxUncompressedBytes;
        _nextIndex = firstIndex;
        _level = compressionLevel;
        _framing = framing;
        _chunkBytes = chunkBytes;
        Directory.CreateDirectory(directory);
    }

    /// <summary>The zstd level used unless another is asked for (see the remarks on the class).</summary>
    public const int DefaultCompressionLevel = 1;

    /// <summary>
    /// The zstd level for working files that only Wren reads back, once, a stage later (curation's <c>work/</c>
    /// shards): one of zstd's fast negative levels. On the curation corpora's JSONL (ZstdSharp, 1 MB frames) it compresses
    /// about 1.5 times as fast as level 1 and decompresses 1.4 to 2 times as fast, for files 40% larger (still under
    /// 40% of the JSON); past -3, each further step buys little speed for more size.
    /// </summary>
    public const int WorkingFileCompressionLevel = -3;

    /// <summary>
    /// A single-frame shard that ends within this many chunks of JSON (8 MB by default) is compressed in one call (see
    /// the remarks on the class): the chunk grows to that size before streaming starts.
    /// </summary>
    public const int SingleFrameOneCallChunks = 8;

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
            Append(record.Buffer.WrittenSpan, newline: false);
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
        Append(jsonLine, newline: true);
    }

    /// <summary>Adds one whole line to the open shard's chunk, compressing the chunk first when the line does not fit.</summary>
    private void Append(ReadOnlySpan<byte> line, bool newline)
    {
        int length = line.Length + (newline ? 1 : 0);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_file is null)
            {
                Open();
            }
            if (_chunkLength + length > _chunk.Length && !GrowForOneCall(_chunkLength + length))
            {
                CompressChunk();
                if (length > _chunk.Length)
                {
                    // A record longer than a chunk: a chunk of its own size, so records never straddle two frames.
                    ArrayPool<byte>.Shared.Return(_chunk);
                    _chunk = ArrayPool<byte>.Shared.Rent(length);
                }
            }
            line.CopyTo(_chunk.AsSpan(_chunkLength));
            if (newline)
            {
                _chunk[_chunkLength + line.Length] = (byte)'\n';
            }
            _chunkLength += length;
            _bytesInShard += length;
            Count++;
            if (_bytesInShard >= _maxUncompressedBytes)
            {
                Close();
            }
        }
    }

    /// <summary>
    /// For a single-frame shard not yet streaming: doubles the chunk (up to <see cref="SingleFrameOneCallChunks"/>) so
    /// that a shard of that size is still compressed in one call. False when the chunk should be compressed instead.
    /// </summary>
    private bool GrowForOneCall(int needed)
    {
        long limit = (long)_chunkBytes * SingleFrameOneCallChunks;
        if (_framing != ZstdFraming.SingleFrame || _zstd is not null || needed > limit)
        {
            return false;
        }
        long size = _chunk.Length;
        while (size < needed)
        {
            size *= 2;
        }
        byte[] bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(size, limit));
        _chunk.AsSpan(0, _chunkLength).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_chunk);
        _chunk = bigger;
        return true;
    }

    /// <summary>Hands the gathered lines to zstd: as a frame of their own, or as the next part of the shard's one frame.</summary>
    private void CompressChunk()
    {
        if (_chunkLength == 0)
        {
            return;
        }
        var chunk = new ReadOnlySpan<byte>(_chunk, 0, _chunkLength);
        if (_framing == ZstdFraming.IndependentFrames)
        {
            WriteFrame(chunk);
        }
        else
        {
            _zstd ??= new CompressionStream(_file!, _compressor!, preserveCompressor: true, leaveOpen: true);
            _zstd.Write(chunk);
        }
        _chunkLength = 0;
    }

    /// <summary>Compresses <paramref name="data"/> in one call into a frame of its own (with its content size) and writes it.</summary>
    private void WriteFrame(ReadOnlySpan<byte> data)
    {
        int bound = Compressor.GetCompressBound(data.Length);
        if (_compressed.Length < bound)
        {
            if (_compressed.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_compressed);
            }
            _compressed = ArrayPool<byte>.Shared.Rent(bound);
        }
        int written = _compressor!.Wrap(data, _compressed);
        _file!.Write(_compressed, 0, written);
    }

    private void Open()
    {
        _finalPath = Path.Combine(_directory, $"{_prefix}-{_nextIndex++:D5}.jsonl.zst");
        _tempPath = AtomicFile.TempPathFor(_finalPath);
        // Unbuffered: zstd's output arrives in pieces of 128 KB or more.
        _file = new FileStream(_tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        _compressor = ZstdContextPool.RentCompressor(_level);
        if (_chunk.Length == 0)
        {
            _chunk = ArrayPool<byte>.Shared.Rent(_chunkBytes);
        }
        _chunkLength = 0;
        _bytesInShard = 0;
    }

    private void Close()
    {
        if (_framing == ZstdFraming.SingleFrame && _zstd is null)
        {
            // The whole shard is in the chunk: one call, one frame.
            WriteFrame(new ReadOnlySpan<byte>(_chunk, 0, _chunkLength));
            _chunkLength = 0;
        }
        else
        {
            CompressChunk();
        }
        _zstd?.Dispose();
        _zstd = null;
        _file!.Dispose();
        _file = null;
        ReturnCompressor();
        if (_chunk.Length > _chunkBytes)
        {
            // Grown for a long record or a one-call frame: the next shard starts with a chunk of the usual size.
            ArrayPool<byte>.Shared.Return(_chunk);
            _chunk = [];
        }
        AtomicFile.Commit(_tempPath!, _finalPath!);
        _written.Add(_finalPath!);
    }

    private void ReturnCompressor()
    {
        if (_compressor is not null)
        {
            ZstdContextPool.Return(_compressor, _level);
            _compressor = null;
        }
    }

    private void ReturnBuffers()
    {
        if (_chunk.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_chunk);
            _chunk = [];
        }
        if (_compressed.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_compressed);
            _compressed = [];
        }
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
            try
            {
                if (_file is not null)
                {
                    Close();
                }
            }
            finally
            {
                ReturnBuffers();
            }
        }
    }

    /// <summary>Abandons the open shard without publishing it (used when a task fails).</summary>
    public void Abort()
    {
        lock (_gate)
        {
            _disposed = true;
            bool open = _file is not null;
            try
            {
                _zstd?.Dispose();
            }
            catch (Exception e) when (e is IOException or ZstdException)
            {
                // The shard is being thrown away; what matters is that its file goes too.
            }
            _zstd = null;
            _file?.Dispose();
            _file = null;
            if (open)
            {
                AtomicFile.TryDelete(_tempPath!);
            }
            ReturnCompressor();
            ReturnBuffers();
        }
    }

    private sealed class RecordBuffer
    {
        public RecordBuffer() => Json = new Utf8JsonWriter(Buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        public ArrayBufferWriter<byte> Buffer { get; } = new(4096);

        public Utf8JsonWriter Json { get; }
    }
}
