using System.Text;

namespace Wren.Samples.Generator.Mail;

/// <summary>Byte-level helpers for raw RFC 5322 messages; the corpus holds 8-bit bytes in several charsets, so nothing here decodes text.</summary>
public static class RawMail
{
    private static readonly byte[] FromSpace = "From "u8.ToArray();

    /// <summary>Splits off the mbox envelope line ("From sender date") that the corpus keeps first.</summary>
    public static (string? Envelope, byte[] Message) SplitEnvelope(byte[] raw)
    {
        if (!raw.AsSpan().StartsWith(FromSpace))
        {
            return (null, raw);
        }

        int newline = Array.IndexOf(raw, (byte)'\n');
        string envelope = Encoding.Latin1.GetString(raw, 0, newline).TrimEnd('\r');
        return (envelope, raw[(newline + 1)..]);
    }

    public static byte[] ToCrLf(byte[] message)
    {
        using var output = new MemoryStream(message.Length + (message.Length / 40));
        for (int i = 0; i < message.Length; i++)
        {
            if (message[i] == '\n' && (i == 0 || message[i - 1] != '\r'))
            {
                output.WriteByte((byte)'\r');
            }

            output.WriteByte(message[i]);
        }

        return output.ToArray();
    }

    /// <summary>Whether any line of the message starts with "From " (needs mbox escaping).</summary>
    public static bool HasFromLine(byte[] message)
    {
        ReadOnlySpan<byte> span = message;
        int start = 0;
        while (start < span.Length)
        {
            if (span[start..].StartsWith(FromSpace))
            {
                return true;
            }

            int next = span[start..].IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }

            start += next + 1;
        }

        return false;
    }
}
