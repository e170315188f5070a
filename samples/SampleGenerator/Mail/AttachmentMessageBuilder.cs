using MimeKit;
using MimeKit.Text;
using Wren.Samples.Generator.Corpus;
using Wren.Samples.Generator.Prose;

namespace Wren.Samples.Generator.Mail;

/// <summary>
/// Composes the few messages the corpus cannot supply: internal mail carrying the sample's own
/// .docx, .pdf and .txt documents as attachments, an HTML-only message, a quoted reply with a
/// signature, and an mbox message whose body lines start with "From ". Ids, dates and MIME
/// boundaries are fixed so the bytes are the same on every run.
/// </summary>
public static class AttachmentMessageBuilder
{
    private static readonly MailboxAddress Dana = new("Dana Whitfield", "dana.whitfield@acme.example");
    private static readonly MailboxAddress Marcus = new("Marcus Oyelaran", "marcus.oyelaran@acme.example");
    private static readonly MailboxAddress Policy = new("Policy Team", "policy-team@acme.example");

    private const string DocxType = "vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static BuiltMessage WithDocx(string fileName, byte[] docx, Speech speech)
    {
        IReadOnlyList<string> sentences = SpeechParagraphs.Sentences(speech.Text);
        var message = NewMessage(Dana, Policy, $"Briefing pack: {speech.Year} annual message (Word version)",
            new DateTimeOffset(2003, 3, 11, 9, 14, 0, TimeSpan.FromHours(-5)), "20030311091400.4711@mail.acme.example");
        message.Cc.Add(Marcus);
        string text =
            $"Hi all,\n\nAttached is the Word version of the {speech.Year} message by {speech.President} for the briefing pack. " +
            "It has the section headings and the summary table we discussed on Friday.\n\nThe opening, for those reading on the phone:\n\n" +
            LineWrapper.WrapText(string.Join(' ', sentences.Take(2)), 72) +
            "\n\nComments by Thursday, please.\n\n-- \nDana Whitfield\nResearch Library, Acme Corp.\n+1 555 0142\n";
        var mixed = new Multipart("mixed") { Boundary = "=_acme_4711_mixed" };
        mixed.Add(new TextPart(TextFormat.Plain) { Text = text });
        mixed.Add(Attachment("application", DocxType, fileName, docx));
        message.Body = mixed;
        return Serialize(message, fileName: "acme-4711-briefing-docx.eml", envelope: "From dana.whitfield@acme.example  Tue Mar 11 09:14:00 2003");
    }

    public static BuiltMessage WithPdf(string fileName, byte[] pdf, Speech speech)
    {
        IReadOnlyList<string> sentences = SpeechParagraphs.Sentences(speech.Text);
        var message = NewMessage(Marcus, Dana, $"Re: Archive scan of the {speech.Year} message",
            new DateTimeOffset(2003, 3, 12, 16, 41, 0, TimeSpan.FromHours(-5)), "20030312164100.4790@mail.acme.example");
        message.InReplyTo = "20030312101500.4772@mail.acme.example";
        message.References.Add("20030312101500.4772@mail.acme.example");
        string quoted = string.Join('\n', LineWrapper.WrapText(
            $"Do we have a clean copy of the {speech.Year} message? The scan in the shared drive is missing pages.", 70)
            .Split('\n').Select(line => "> " + line));
        string plain =
            $"Here it is, re-set from the archive text: {Path.GetFileName(fileName)}, several pages.\n\n" +
            "It starts:\n\n" + LineWrapper.WrapText(sentences[0], 72) + "\n\nMarcus\n\n" +
            $"On Wed, 12 Mar 2003 10:15:00 -0500, Dana Whitfield wrote:\n{quoted}\n";
        string html =
            $"<html><body><p>Here it is, re-set from the archive text: <b>{Path.GetFileName(fileName)}</b>, several pages.</p>" +
            $"<p>It starts:</p><blockquote>{System.Net.WebUtility.HtmlEncode(sentences[0])}</blockquote><p>Marcus</p>" +
            "<div class=\"gmail_quote\">On Wed, 12 Mar 2003 10:15:00 -0500, Dana Whitfield wrote:<blockquote>" +
            $"Do we have a clean copy of the {speech.Year} message? The scan in the shared drive is missing pages.</blockquote></div></body></html>";
        var alternative = new MultipartAlternative { Boundary = "=_acme_4790_alt" };
        alternative.Add(new TextPart(TextFormat.Plain) { Text = plain });
        alternative.Add(new TextPart(TextFormat.Html) { Text = html });
        var mixed = new Multipart("mixed") { Boundary = "=_acme_4790_mixed" };
        mixed.Add(alternative);
        mixed.Add(Attachment("application", "pdf", fileName, pdf));
        message.Body = mixed;
        return Serialize(message, fileName: "acme-4790-archive-scan-pdf.eml", envelope: "From marcus.oyelaran@acme.example  Wed Mar 12 16:41:00 2003");
    }

    /// <summary>An HTML-only body (no text/plain alternative) with a plain-text attachment.</summary>
    public static BuiltMessage HtmlOnlyWithText(string fileName, byte[] text, Speech speech)
    {
        IReadOnlyList<string> paragraphs = SpeechParagraphs.Split(speech.Text, speech.Year);
        var message = NewMessage(Policy, Dana, $"Reading list: {speech.Year} message ({speech.President})",
            new DateTimeOffset(2003, 3, 14, 8, 2, 0, TimeSpan.FromHours(-5)), "20030314080200.4802@mail.acme.example");
        string html =
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>p{font-family:Verdana}</style></head><body>" +
            $"<h2>This week's reading</h2><p>The full text of the {speech.Year} message is attached as plain text. The opening paragraph:</p>" +
            $"<p><i>{System.Net.WebUtility.HtmlEncode(paragraphs[0])}</i></p>" +
            "<p style=\"color:#888;font-size:10px\">You receive this because you are on the policy-team list. <a href=\"https://intranet.acme.example/lists/policy-team\">Manage subscriptions</a></p>" +
            "</body></html>";
        var mixed = new Multipart("mixed") { Boundary = "=_acme_4802_mixed" };
        mixed.Add(new TextPart(TextFormat.Html) { Text = html });
        mixed.Add(Attachment("text", "plain", fileName, text));
        message.Body = mixed;
        return Serialize(message, fileName: "acme-4802-reading-list-html.eml", envelope: "From policy-team@acme.example  Fri Mar 14 08:02:00 2003");
    }

    /// <summary>For the mbox: body lines beginning with "From " and "&gt;From ", which mbox writers must escape.</summary>
    public static BuiltMessage WithFromLines(Speech speech)
    {
        IReadOnlyList<string> fromSentences = SpeechParagraphs.Sentences(speech.Text)
            .Where(s => s.StartsWith("From ", StringComparison.Ordinal))
            .Take(3)
            .ToList();
        if (fromSentences.Count < 2)
        {
            throw new InvalidOperationException($"{speech.Stem} has too few sentences starting with 'From '");
        }

        var message = NewMessage(Dana, Marcus, $"Fwd: quotes for the {speech.Year} summary",
            new DateTimeOffset(2003, 3, 13, 11, 30, 0, TimeSpan.FromHours(-5)), "20030313113000.4795@mail.acme.example");
        string body =
            $"Marcus,\n\nThe passages you asked for, from the {speech.Year} message:\n\n" +
            string.Join("\n\n", fromSentences.Select(s => LineWrapper.WrapText(s, 72))) +
            "\n\nAnd your note from yesterday, as your mailer quoted it:\n\n" +
            ">" + LineWrapper.WrapText(fromSentences[0], 70).Split('\n')[0] + "\n\nDana\n";
        message.Body = new TextPart(TextFormat.Plain) { Text = body };
        return Serialize(message, fileName: "mbox-from-lines", envelope: "From dana.whitfield@acme.example  Thu Mar 13 11:30:00 2003", newLine: NewLineFormat.Unix);
    }

    private static MimeMessage NewMessage(MailboxAddress from, MailboxAddress to, string subject, DateTimeOffset date, string messageId)
    {
        var message = new MimeMessage { Subject = subject, Date = date, MessageId = messageId };
        message.From.Add(from);
        message.To.Add(to);
        message.Headers.Add("Organization", "Acme Corp.");
        return message;
    }

    private static MimePart Attachment(string mediaType, string subtype, string fileName, byte[] bytes) =>
        new(mediaType, subtype)
        {
            Content = new MimeContent(new MemoryStream(bytes)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = Path.GetFileName(fileName),
        };

    private static BuiltMessage Serialize(MimeMessage message, string fileName, string envelope, NewLineFormat newLine = NewLineFormat.Dos)
    {
        message.Prepare(EncodingConstraint.SevenBit);
        FormatOptions options = FormatOptions.Default.Clone();
        options.NewLineFormat = newLine;
        using var stream = new MemoryStream();
        message.WriteTo(options, stream);
        return new BuiltMessage(fileName, envelope, stream.ToArray());
    }
}
