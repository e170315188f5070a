namespace Wren.Data.Sources;

/// <summary>
/// A read-only pass-through over decompressed data (a zip entry, a gzip or zstd stream, a part of a DOCX) that
/// charges every byte to the input's expansion budget (<see cref="ReadContext.ChargeExpansion"/>) and stops a
/// stream that grows more than <see cref="SourceOptions.MaxCompressionRatio"/> times its compressed size, so a
/// compression bomb is stopped after a few megabytes instead of filling memory or disk.
/// </summary>
internal sealed class ExpansionLimitStream : Stream
{
    /// <summary>Expanded bytes before the ratio is checked: small entries compress oddly (a 2 KB run of spaces).</summary>
    public const long RatioGrace = 1L << 20;

    private readonly Stream _inner;
    private readonly ReadContext _context;
    private readonly Func<long> _compressed;
    private readonly bool _ownsInner;
    private readonly IDisposable? _alsoOwned;
    private readonly System.Runtime.CompilerServices.StrongBox<long>? _charged;
    private long _expanded;

    /// <param name="compressed">Compressed bytes behind what was read so far (a constant for a zip entry, a running
    /// count of the raw stream for gzip and zstd: <see cref="ConsumedOf"/>); below 0 when unknown.</param>
    /// <param name="alsoOwned">Disposed with this stream (the raw stream under a decompressor), or null.</param>
    /// <param name="charged">Shared by every stream over the same content (a reader that opens it again, to detect
    /// its encoding and then decode it): only bytes past the furthest any of them read are charged again.</param>
    public ExpansionLimitStream(Stream inner, ReadContext context, Func<long> compressed, bool ownsInner = true, IDisposable? alsoOwned = null,
        System.Runtime.CompilerServices.StrongBox<long>? charged = null)
    {
        _inner = inner;
        _context = context;
        _compressed = compressed;
        _ownsInner = ownsInner;
        _alsoOwned = alsoOwned;
        _charged = charged;
    }

    /// <summary>How far a decompressor has read into <paramref name="raw"/>: its position when it can tell
    /// (a file, a buffer, another expansion stream), else unknown (-1).</summary>
    public static Func<long> ConsumedOf(Stream raw) =>
        raw.CanSeek || raw is ExpansionLimitStream ? () => raw.Position : static () => -1;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _expanded;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Charge(_inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Charge(_inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Charge(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (_ownsInner)
            {
                _inner.Dispose();
            }
            _alsoOwned?.Dispose();
        }
        base.Dispose(disposing);
    }

    private int Charge(int read)
    {
        if (read <= 0)
        {
            return read;
        }
        _expanded += read;
        if (_charged is null)
        {
            _context.ChargeExpansion(read);
        }
        else if (_expanded > _charged.Value)
        {
            _context.ChargeExpansion(_expanded - _charged.Value);
            _charged.Value = _expanded;
        }
        double ratio = _context.Options.MaxCompressionRatio;
        long compressed;
        if (_expanded > RatioGrace && (compressed = _compressed()) >= 0 && _expanded > ratio * Math.Max(compressed, 1))
        {
            throw new ExpansionLimitException(
                $"expands more than {ratio:0.#} times ({compressed:N0} compressed bytes gave over {_expanded:N0}): a compression bomb? (--max-compression-ratio)",
                stopsInput: false);
        }
        return read;
    }
}
