using System.Text.RegularExpressions;
using MimeKit;
using Wren.Samples.Generator.Corpus;
using Wren.Samples.Generator.Mail;

namespace Wren.Samples.Generator.Records;

/// <summary>
/// Turns a corpus message into a short ticket-like text: the author's own words, without quoted
/// replies, signature or mailing-list footer. Returns null when what is left is too short or too long
/// to read as a ticket.
/// </summary>
public static partial class MailExcerptReader
{
    public const int MinLength = 80;
    public const int MaxLength = 900;

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankRuns();

    [GeneratedRegex(@"^(.*\b(wrote|writes|said)\s*:|-----Original Message-----|Quoting .*:)$")]
    private static partial Regex Attribution();

    public static MailExcerpt? Read(SpamAssassinMessage message)
    {
        (_, byte[] raw) = RawMail.SplitEnvelope(message.Raw);
        MimeMessage mime;
        try
        {
            mime = MimeMessage.Load(new MemoryStream(raw));
        }
        catch (FormatException)
        {
            return null;
        }

        string? text = mime.TextBody;
        if (string.IsNullOrWhiteSpace(text) || string.IsNullOrWhiteSpace(mime.Subject) || mime.From.Count == 0 || mime.Date == DateTimeOffset.MinValue)
        {
            return null;
        }

        var kept = new List<string>();
        foreach (string rawLine in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            string line = rawLine.TrimEnd();
            if (line == "--" || line == "-- " || line.StartsWith("_______", StringComparison.Ordinal) || line.StartsWith("-----Original", StringComparison.Ordinal))
            {
                break;
            }

            if (line.StartsWith('>') || line.StartsWith('|') || Attribution().IsMatch(line))
            {
                continue;
            }

            kept.Add(line);
        }

        string body = BlankRuns().Replace(string.Join('\n', kept), "\n\n").Trim();
        if (body.Length < MinLength || body.Length > MaxLength || body.Contains('\uFFFD'))
        {
            return null;
        }

        InternetAddress from = mime.From[0];
        string sender = from is MailboxAddress mailbox && !string.IsNullOrWhiteSpace(mailbox.Name) ? mailbox.Name : (from as MailboxAddress)?.Address ?? from.ToString();
        return new MailExcerpt(mime.Subject.Trim(), sender.Trim(), mime.Date, body);
    }
}
