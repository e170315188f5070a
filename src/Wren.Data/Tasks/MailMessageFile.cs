using System.Text;
using MimeKit;

namespace Wren.Data.Tasks;

/// <summary>
/// Reads the messages of one file: an mbox (several messages after "From " lines, or one, as each file of the
/// SpamAssassin corpus is) or a single RFC 5322 message (.eml). A file that starts like neither (JSON, a PDF) is
/// not mail and yields nothing.
/// </summary>
internal static class MailMessageFile
{
    /// <returns>Each message and its source: the path, and <c>#N</c> (1-based) for the Nth message of an mbox with several.</returns>
    public static IEnumerable<(MimeMessage Message, string Source)> Read(string path, CancellationToken cancellationToken)
    {
        using var stream = File.OpenRead(path);
        var kind = Sniff(stream);
        if (kind == Kind.NotMail) yield break;
        stream.Position = 0;
        var parser = new MimeParser(stream, kind == Kind.Mbox ? MimeFormat.Mbox : MimeFormat.Entity);
        var messages = new List<MimeMessage>();
        if (kind == Kind.Mbox)
        {
            while (!parser.IsEndOfStream) messages.Add(parser.ParseMessage(cancellationToken));
        }
        else
        {
            messages.Add(parser.ParseMessage(cancellationToken));
        }

        for (int i = 0; i < messages.Count; i++)
            yield return (messages[i], messages.Count == 1 ? path : $"{path}#{i + 1}");
    }

    private enum Kind { NotMail, Mbox, Message }

    /// <summary>"From " opens an mbox; a first line "Name: value" (RFC 5322 field name) opens a message.</summary>
    private static Kind Sniff(Stream stream)
    {
        Span<byte> head = stackalloc byte[256];
        int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var text = Encoding.ASCII.GetString(head[..read]);
        if (text.StartsWith("From ", StringComparison.Ordinal)) return Kind.Mbox;
        int colon = text.IndexOf(':');
        if (colon <= 0) return Kind.NotMail;
        for (int i = 0; i < colon; i++)
        {
            // RFC 5322 allows any printable ASCII in a field name; real headers use letters, digits and hyphens, and
            // so a JSON or CSV file (whose first colon follows a quote or brace) is not taken for mail.
            if (!char.IsAsciiLetterOrDigit(text[i]) && text[i] != '-') return Kind.NotMail;
        }

        return Kind.Message;
    }
}
