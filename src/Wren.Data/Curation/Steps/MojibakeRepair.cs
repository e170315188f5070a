using System.Text;

namespace Wren.Data.Curation.Steps;

/// <summary>
/// Repairs the commonest mojibake: UTF-8 bytes that were decoded as Windows-1252 (or Latin-1), which
/// turns "’" into "â€™" and "é" into "Ã©" (what ftfy's <c>fix_encoding</c> undoes in the usual
/// case). Each run of characters that Windows-1252 can encode, that contains a UTF-8 lead byte, is
/// re-encoded to bytes and decoded as strict UTF-8; the run is replaced only if that succeeds and
/// yields fewer characters, so genuine Latin-1 text ("café", "Ångström") is left as it is.
/// </summary>
public static class MojibakeRepair
{
    // Windows-1252 0x80..0x9F; the five undefined bytes map to their C1 control code (as Latin-1 decoding leaves them).
    private static readonly char[] HighTable =
    [
        '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021', '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
        '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014', '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
    ];

    private static readonly Dictionary<char, byte> ToByte = BuildReverse();

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Quick check: mojibake always contains one of these (UTF-8 lead bytes read as Windows-1252).</summary>
    public static bool MayContainMojibake(ReadOnlySpan<char> text) => text.IndexOfAnyInRange('\u00C2', '\u00F4') >= 0;

    /// <summary>The repaired text, and how many runs were repaired.</summary>
    public static string Repair(string text, out int repairs)
    {
        repairs = 0;
        if (!MayContainMojibake(text))
        {
            return text;
        }
        StringBuilder? output = null;
        int copied = 0;
        int i = 0;
        Span<byte> bytes = stackalloc byte[256];
        while (i < text.Length)
        {
            if (text[i] < 0x80 || !ToByte.ContainsKey(text[i]))
            {
                i++;
                continue;
            }
            int start = i;
            while (i < text.Length && text[i] >= 0x80 && ToByte.ContainsKey(text[i]) && i - start < bytes.Length)
            {
                i++;
            }
            int length = i - start;
            if (length < 2)
            {
                continue;
            }
            for (int k = 0; k < length; k++)
            {
                bytes[k] = ToByte[text[start + k]];
            }
            string? decoded = TryDecode(bytes[..length]);
            if (decoded is null || decoded.Length >= length)
            {
                continue;
            }
            output ??= new StringBuilder(text.Length);
            output.Append(text, copied, start - copied).Append(decoded);
            copied = i;
            repairs++;
        }
        if (output is null)
        {
            return text;
        }
        output.Append(text, copied, text.Length - copied);
        return output.ToString();
    }

    private static string? TryDecode(ReadOnlySpan<byte> bytes)
    {
        // A run must start at a lead byte and end on a complete sequence; trim continuation bytes off the edges is not
        // attempted: a partial run is left unrepaired rather than guessed at.
        if (bytes[0] < 0xC2 || bytes[0] > 0xF4)
        {
            return null;
        }
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static Dictionary<char, byte> BuildReverse()
    {
        var map = new Dictionary<char, byte>();
        for (int b = 0x80; b <= 0x9F; b++)
        {
            map[HighTable[b - 0x80]] = (byte)b;
            map[(char)b] = (byte)b; // a C1 control left by Latin-1 decoding of the same byte
        }
        for (int b = 0xA0; b <= 0xFF; b++)
        {
            map[(char)b] = (byte)b;
        }
        return map;
    }
}
