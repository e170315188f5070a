namespace Wren.Data.Sources;

/// <summary>
/// A single compressed file (<c>x.txt.gz</c>, <c>x.eml.zst</c>): decompressed on the fly and read by the
/// reader of its inner name. <c>.tar.gz</c> and <c>.jsonl.gz</c> never get here: their readers come first.
/// </summary>
internal sealed class CompressedFileReader : IDocumentReader
{
    public string Format => "compressed";

    public bool CanRead(string fileName) =>
        fileName.EndsWith(".gz", StringComparison.Ordinal) || fileName.EndsWith(".zst", StringComparison.Ordinal)
        || fileName.EndsWith(".zstd", StringComparison.Ordinal);

    public async Task ReadAsync(SourceFile file, ReadContext context, CancellationToken cancellationToken)
    {
        string inner = Path.GetFileNameWithoutExtension(file.FileName);
        var decompressed = SourceFile.FromOpener(file.Name, inner, -1, () =>
        {
            Stream raw = file.Open();
            return new OwningStream(JsonLinesReader.Decompress(raw, file.FileName), raw);
        });
        await context.ReadAsync(decompressed, mustRead: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A decompression stream that also closes the stream under it.</summary>
    private sealed class OwningStream(Stream inner, Stream owned) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                owned.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
