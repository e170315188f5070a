namespace Wren.Runtime.Tokenization;

/// <summary>
/// GPT-2's reversible byte-to-character map (<c>bytes_to_unicode</c>): every byte is shown as a
/// printable character so that byte-level BPE vocabularies can be stored as JSON strings. Printable
/// Latin-1 bytes map to themselves; the other 68 bytes map to U+0100.. in byte order (space is 'Ġ').
/// </summary>
public static class ByteLevelAlphabet
{
    private static readonly char[] ByteToCharTable = BuildByteToChar();
    private static readonly byte[] CharToByteTable = BuildCharToByte(ByteToCharTable);

    /// <summary>The 256 characters, indexed by byte.</summary>
    public static ReadOnlySpan<char> Chars => ByteToCharTable;

    public static char ByteToChar(byte b) => ByteToCharTable[b];

    /// <summary>The byte that <paramref name="c"/> stands for, if it is one of the 256 alphabet characters.</summary>
    public static bool TryCharToByte(char c, out byte b)
    {
        if (c < CharToByteTable.Length / 2)
        {
            int v = CharToByteTable[c * 2];
            if (CharToByteTable[c * 2 + 1] != 0)
            {
                b = (byte)v;
                return true;
            }
        }
        b = 0;
        return false;
    }

    /// <summary>Writes the byte-level form of <paramref name="utf8"/> (one char per byte).</summary>
    public static void Map(ReadOnlySpan<byte> utf8, Span<char> destination)
    {
        for (int i = 0; i < utf8.Length; i++)
        {
            destination[i] = ByteToCharTable[utf8[i]];
        }
    }

    /// <summary>The byte-level string of a UTF-16 text: UTF-8 encode, then map each byte.</summary>
    public static string Map(ReadOnlySpan<char> text)
    {
        int byteCount = System.Text.Encoding.UTF8.GetByteCount(text);
        byte[] bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(byteCount, 1));
        try
        {
            int n = System.Text.Encoding.UTF8.GetBytes(text, bytes);
            return string.Create(n, bytes, static (dst, src) => Map(src.AsSpan(0, dst.Length), dst));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static char[] BuildByteToChar()
    {
        var table = new char[256];
        int extra = 0;
        for (int b = 0; b < 256; b++)
        {
            bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            table[b] = printable ? (char)b : (char)(256 + extra++);
        }
        return table;
    }

    // Pairs of (byte, present) indexed by char, for chars up to U+0143.
    private static byte[] BuildCharToByte(char[] byteToChar)
    {
        int max = 0;
        foreach (char c in byteToChar)
        {
            max = Math.Max(max, c);
        }
        var table = new byte[(max + 1) * 2];
        for (int b = 0; b < 256; b++)
        {
            table[byteToChar[b] * 2] = (byte)b;
            table[byteToChar[b] * 2 + 1] = 1;
        }
        return table;
    }
}
