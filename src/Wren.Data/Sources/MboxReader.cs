using MimeKit;

namespace Wren.Data.Sources;

/// <summary>
/// Mailboxes (<c>.mbox</c>) streamed message by message with MimeKit's parser in mbox mode, so a mailbox
/// of any size is read in constant memory. Message N (1-based) has source <c>PATH#N</c>; its attachments
/// <c>PATH#N#name</c>.
/// </summary>
internal sealed class MboxReader : IDocumentReader
{
    public string Format => "mbox";

    public bool CanRead(string fileName) => fileName.EndsWith(".mbox", StringComparison.Ordinal) || fileName == "mbox";

    public async Task ReadAsync(SourceFile file, ReadContext context, CancellationToken cancellationToken)
    {
        using Stream stream = file.Open();
        var parser = new MimeParser(stream, MimeFormat.Mbox);
        int number = 0;
        while (!parser.IsEndOfStream)
        {
            MimeMessage message;
            try
            {
                message = parser.ParseMessage(cancellationToken); // synchronous: see EmailReader
            }
            catch (FormatException e)
            {
                if (number == 0)
                {
                    throw new Wren.Runtime.WrenException($"not an mbox file: no 'From ' line starts it ({e.Message})");
                }
                throw new Wren.Runtime.WrenException($"message {number + 1}: unreadable ({e.Message}); the {number} message(s) before it were read");
            }
            number++;
            using (message)
            {
                await MimeMessageDocuments.EmitAsync(message, $"{file.Name}#{number}", Format, context, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
