namespace Wren.Data.Sources;

/// <summary>
/// A read-only pass-through stream that reports how far into a file reading has got, so the progress bar
/// moves through one large file (an mbox, a log) and not only between files. Several streams over the same
/// file (a reader that reopens it) share one <see cref="HighWater"/>, so bytes are never counted twice.
/// </summary>
internal sealed class ProgressReportingStream(Stream inner, ProgressReportingStream.HighWater reported) : Stream
{
    /// <summary>The furthest position reported for one file, and where reports go.</summary>
    public sealed class HighWater(Action<long> report)
    {
        private long _position;

        public long Reported => Interlocked.Read(ref _position);

        public void Advance(long position)
        {
            long current;
            while (position > (current = Interlocked.Read(ref _position)))
            {
                if (Interlocked.CompareExchange(ref _position, position, current) == current)
                {
                    report(position - current);
                    return;
                }
            }
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Advance(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Advance(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Advance(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    private int Advance(int read)
    {
        if (read > 0 && inner.CanSeek)
        {
            reported.Advance(inner.Position);
        }
        return read;
    }
}
