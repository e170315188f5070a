using MimeKit;

namespace Wren.Data.Sources;

/// <summary>One e-mail message per file (<c>.eml</c>, RFC 5322) through MimeKit; see <see cref="MimeMessageDocuments"/>.</summary>
internal sealed class EmailReader : IDocumentReader
{
    public string Format => MimeMessageDocuments.Format;

    public bool CanRead(string fileName) => fileName.EndsWith(".eml", StringComparison.Ordinal);

    public async Task ReadAsync(SourceFile file, ReadContext context, CancellationToken cancellationToken)
    {
        MimeMessage message;
        // Synchronous parse on the worker thread: MimeKit's async path over a local file costs about three times
        // the CPU (measured with bench/Wren.Bench.Ingest), and the worker has nothing else to do meanwhile.
        using (Stream stream = file.Open())
        {
            try
            {
                message = MimeMessage.Load(stream, cancellationToken);
            }
            catch (FormatException e)
            {
                throw new Wren.Runtime.WrenException($"not a readable e-mail message ({e.Message})");
            }
        }
        using (message)
        {
            await MimeMessageDocuments.EmitAsync(message, file.Name, Format, context, cancellationToken).ConfigureAwait(false);
        }
    }
}
