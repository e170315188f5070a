namespace Wren.Data.Sources;

/// <summary>
/// A single compressed file (<c>x.txt.gz</c>, <c>x.eml.zst</c>): decompressed on the fly and read by the
/// reader of its inner name, through an <see cref="ExpansionLimitStream"/>. <c>.tar.gz</c> and <c>.jsonl.gz</c>
/// never get here: their readers come first.
/// </summary>
internal sealed class CompressedFileReader : IDocumentReader
{
    public string Format => "compressed";

    public bool CanRead(string fileName) =>
        fileName.EndsWith(".gz", StringComparison.Ordinal) || fileName.EndsWith(".zst", StringComparison.Ordinal)
        || fileName.EndsWith(".zstd", StringComparison.Ordinal);

    public async Task ReadAsync(SourceFile file, ReadContext context, CancellationToken cancellationToken)
    {
        context.CheckArchiveDepth();
        string inner = Path.GetFileNameWithoutExtension(file.FileName);
        var charged = new System.Runtime.CompilerServices.StrongBox<long>();
        var decompressed = SourceFile.FromOpener(file.Name, inner, -1, () =>
        {
            Stream raw = file.Open();
            return new ExpansionLimitStream(JsonLinesReader.Decompress(raw, file.FileName), context, ExpansionLimitStream.ConsumedOf(raw), alsoOwned: raw, charged: charged);
        });
        await context.ReadAsync(decompressed, mustRead: false, cancellationToken).ConfigureAwait(false);
    }
}
