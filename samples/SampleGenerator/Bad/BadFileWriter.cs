using System.Buffers.Binary;
using System.Text;
using Wren.Samples.Generator.Corpus;
using Wren.Samples.Generator.Mail;

namespace Wren.Samples.Generator.Bad;

/// <summary>The files in <c>bad/</c>: each one is broken, or encoded, in a way real folders contain.</summary>
public static class BadFileWriter
{
    /// <summary>A real PDF cut at half its length: header and first pages present, xref table and trailer gone.</summary>
    public static byte[] Truncated(byte[] pdf) => pdf[..(pdf.Length / 2)];

    /// <summary>The start of a PNG (valid signature and IHDR, then an IDAT that claims more bytes than follow) under a .txt name.</summary>
    public static byte[] BinaryPngFragment()
    {
        var random = new Random(89504);
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        byte[] ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(0), 640);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), 480);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 6; // RGBA
        Chunk(png, "IHDR", ihdr, ihdr.Length);
        byte[] idat = new byte[6000];
        random.NextBytes(idat);
        idat[0] = 0x78; // zlib header, as deflate-compressed image data starts
        idat[1] = 0xDA;
        Chunk(png, "IDAT", idat, 16384);
        return png.ToArray();
    }

    /// <summary>
    /// A French company newsletter from the SpamAssassin corpus (spam-1/00257), re-encoded strictly as
    /// ISO-8859-1 with CRLF line ends. The original is really Windows-1252 (its apostrophes are 0x92)
    /// though labelled iso-8859-1; those are folded to ASCII quotes so the file is valid Latin-1.
    /// </summary>
    public static byte[] Latin1(SpamAssassinMessage newsletter, int maxChars)
    {
        (_, byte[] raw) = RawMail.SplitEnvelope(newsletter.Raw);
        Encoding windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252) ?? throw new InvalidOperationException("code page 1252 unavailable");
        string message = windows1252.GetString(raw).Replace("\r\n", "\n", StringComparison.Ordinal);
        string body = message[(message.IndexOf("\n\n", StringComparison.Ordinal) + 2)..].Trim();
        var text = new StringBuilder();
        foreach (string paragraph in body.Split("\n\n"))
        {
            if (text.Length + paragraph.Length > maxChars && text.Length > 0)
            {
                break;
            }

            text.Append(paragraph.Trim('\n')).Append("\n\n");
        }

        string folded = text.ToString().TrimEnd()
            .Replace('\u2019', '\'').Replace('\u2018', '\'').Replace("\u0153", "oe", StringComparison.Ordinal)
            .Replace("\u20AC", "EUR", StringComparison.Ordinal).Replace('\u2026', '.').Replace('\u2013', '-').Replace("\u2014", "--", StringComparison.Ordinal).Replace('\u201C', '"').Replace('\u201D', '"')
            .Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n";
        var latin1 = Encoding.GetEncoding("iso-8859-1", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        return latin1.GetBytes(folded);
    }

    /// <summary>Text saved by Windows Notepad as "Unicode": UTF-16 LE with a BOM and CRLF line ends.</summary>
    public static byte[] Utf16(string title, IEnumerable<string> paragraphs)
    {
        string text = title + "\r\n\r\n" + string.Join("\r\n\r\n", paragraphs) + "\r\n";
        return [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)];
    }

    private static void Chunk(Stream png, string type, byte[] data, int declaredLength)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, declaredLength);
        png.Write(length);
        byte[] typeBytes = Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes);
        png.Write(data);
        if (declaredLength == data.Length)
        {
            Span<byte> crc = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32([.. typeBytes, .. data]));
            png.Write(crc);
        }
    }

    private static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
