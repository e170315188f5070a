using System.Globalization;
using MimeKit;

namespace Wren.Samples.Generator.Mail;

/// <summary>
/// Makes an mbox "From " envelope line for a message that came without one (some corpus files
/// start directly with headers), from its Return-Path or From address and its Date header, in the
/// asctime layout mail delivery agents write: <c>From addr  Mon Sep  2 12:22:41 2002</c>.
/// </summary>
public static class EnvelopeLine
{
    public static string For(byte[] message)
    {
        MimeMessage mime = MimeMessage.Load(new MemoryStream(message));
        string? address = mime.Headers[HeaderId.ReturnPath]?.Trim().Trim('<', '>');
        if (string.IsNullOrWhiteSpace(address))
        {
            address = mime.From.Mailboxes.FirstOrDefault()?.Address ?? "MAILER-DAEMON";
        }

        DateTime date = (mime.Date == DateTimeOffset.MinValue ? new DateTimeOffset(2002, 1, 1, 0, 0, 0, TimeSpan.Zero) : mime.Date).UtcDateTime;
        string day = date.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2);
        return string.Create(CultureInfo.InvariantCulture, $"From {address}  {date:ddd MMM} {day} {date:HH:mm:ss yyyy}");
    }
}
