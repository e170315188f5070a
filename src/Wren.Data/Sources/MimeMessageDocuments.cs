using System.Text.Json.Nodes;
using MimeKit;
using Wren.Data.Documents;

namespace Wren.Data.Sources;

/// <summary>
/// Turns one MIME message into documents: the message itself (subject, blank line, plain-text body, or
/// the HTML body as text when there is no plain part) with its headers and reply/signature marks in
/// metadata, then each attachment that is a readable document (PDF, DOCX, text, an attached message...),
/// read through the same readers with source <c>MESSAGE#attachment-name</c>.
/// </summary>
internal static partial class MimeMessageDocuments
{
    public const string Format = "email";

    /// <param name="countAs">The reader format the documents are counted under ("email" or "mbox").</param>
    public static async Task EmitAsync(MimeMessage message, string source, string countAs, ReadContext context, CancellationToken cancellationToken)
    {
        string subject = message.Subject?.Trim() ?? "";
        string? body = message.TextBody;
        string bodyKind = "text/plain";
        if (body is null && message.HtmlBody is string html)
        {
            body = HtmlContentExtractor.ExtractAllText(html);
            bodyKind = "text/html";
        }
        body = TextEncodingDetector.NormalizeNewlines(body ?? "").Trim('\n', '\r');
        if (countAs == "mbox")
        {
            // mboxrd: the writer escaped body lines ">*From " with one more '>'; MimeKit splits messages but
            // leaves the escaping, so it is undone here to give the sender's text back.
            body = MboxFromEscape().Replace(body, "$1");
        }
        string text = subject.Length > 0 ? subject + "\n\n" + body : body;
        int bodyStart = subject.Length > 0 ? subject.Length + 2 : 0;

        var metadata = new JsonObject { ["format"] = Format, ["subject"] = subject };
        AddAddresses(metadata, "from", message.From);
        AddAddresses(metadata, "to", message.To);
        AddAddresses(metadata, "cc", message.Cc);
        if (message.Headers.Contains(HeaderId.Date))
        {
            metadata["date"] = message.Date.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        }
        if (!string.IsNullOrEmpty(message.MessageId))
        {
            metadata["message_id"] = message.MessageId;
        }
        if (!string.IsNullOrEmpty(message.InReplyTo))
        {
            metadata["in_reply_to"] = message.InReplyTo;
        }
        metadata["body_type"] = body.Length == 0 ? "none" : bodyKind;
        AddHeaders(metadata, message, context.Options.MailHeaders);

        EmailReplyMarker.Marks marks = EmailReplyMarker.Mark(text, bodyStart);
        metadata["has_quoted"] = marks.Quoted.Count > 0;
        if (marks.Quoted.Count > 0)
        {
            var ranges = new JsonArray();
            foreach (var r in marks.Quoted)
            {
                ranges.Add(new JsonArray(r.Start, r.End));
            }
            metadata["quoted_ranges"] = ranges;
        }
        metadata["has_signature"] = marks.Signature is not null;
        if (marks.Signature is { } s)
        {
            metadata["signature_range"] = new JsonArray(s.Start, s.End);
        }

        // Attachments: collect readable ones first (names made unique) so metadata lists them.
        var attachments = new List<(string Name, MimeEntity Entity)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int index = 0;
        foreach (MimeEntity entity in message.Attachments)
        {
            index++;
            string name = entity switch
            {
                MessagePart mp => EnsureExtension(mp.ContentDisposition?.FileName ?? mp.ContentType.Name ?? $"message-{index}", ".eml"),
                MimePart part => part.FileName ?? $"attachment-{index}",
                _ => $"attachment-{index}",
            };
            name = Path.GetFileName(name.Replace('\\', '/'));
            if (!seen.Add(name))
            {
                name = $"{index}-{name}";
                seen.Add(name);
            }
            attachments.Add((name, entity));
        }
        if (attachments.Count > 0)
        {
            var names = new JsonArray();
            foreach (var (name, _) in attachments)
            {
                names.Add(name);
            }
            metadata["attachments"] = names;
        }

        await context.EmitAsync(new Document { Id = DocumentId.For(source, ""), Text = text, Source = source, Metadata = metadata }, countAs, cancellationToken).ConfigureAwait(false);

        foreach (var (name, entity) in attachments)
        {
            if (!context.CanRead(name))
            {
                continue;
            }
            var content = new MemoryStream();
            if (entity is MessagePart { Message: not null } messagePart)
            {
                messagePart.Message.WriteTo(content, cancellationToken);
            }
            else if (entity is MimePart part && part.Content is not null)
            {
                part.Content.DecodeTo(content, cancellationToken);
            }
            if (content.Length == 0)
            {
                continue; // an empty attachment carries no text and is no one's mistake to fix
            }
            SourceFile attachment = SourceFile.FromBytes(source + "#" + name, name, content.ToArray());
            await context.ReadAsync(attachment, mustRead: false, cancellationToken).ConfigureAwait(false);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\s*[\r\n]+\s*")]
    private static partial System.Text.RegularExpressions.Regex Unfold();

    [System.Text.RegularExpressions.GeneratedRegex("(?m)^>(>*From )")]
    private static partial System.Text.RegularExpressions.Regex MboxFromEscape();

    private static string EnsureExtension(string name, string extension) =>
        name.EndsWith(extension, StringComparison.OrdinalIgnoreCase) ? name : name + extension;

    /// <summary>The requested headers, decoded and unfolded; a header that occurs more than once keeps its first value.</summary>
    private static void AddHeaders(JsonObject metadata, MimeMessage message, IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return;
        }
        var headers = new JsonObject();
        foreach (string name in names)
        {
            string key = name.ToLowerInvariant();
            if (headers.ContainsKey(key) || message.Headers[name] is not string value)
            {
                continue;
            }
            headers[key] = Unfold().Replace(value, " ").Trim();
        }
        metadata["headers"] = headers;
    }

    private static void AddAddresses(JsonObject metadata, string key, InternetAddressList list)
    {
        if (list.Count > 0)
        {
            metadata[key] = list.ToString();
        }
    }
}
