using System.Buffers;
using System.Text;
using System.Text.Unicode;
using UtfUnknown;

namespace Wren.Data.Sources;

/// <summary>
/// Decides how the bytes of a text file are to be decoded: a byte-order mark wins (UTF-8, UTF-16, UTF-32);
/// then UTF-16 without a mark is recognized by its zero bytes; bytes that are valid UTF-8 are UTF-8; anything
/// else is a legacy code page, named by UTF.Unknown (Mozilla's universal charset detector), and Windows-1252 when
/// it names none, which decodes every byte to a real character, so the result is never a soup of U+FFFD. Files
/// that look binary (NUL bytes, many control characters) are refused.
/// </summary>
/// <remarks>
/// Measured (<c>bench/Wren.Bench.Ingest -- --encodings</c>, one paragraph in fourteen languages in 70 files): these
/// rules alone decoded 46 exactly (every UTF file but the UTF-16 of scripts without zero bytes, and only the Western
/// code pages); UTF.Unknown alone decoded 55 (25 of 26 legacy files, but no UTF-16 without a mark) and was 12x slower
/// on Windows-1252; the two together decode 63 (with or without the 8-byte floor of <see cref="LegacyMinimumNonAscii"/>), and UTF.Unknown
/// runs only on files that are not UTF.
/// </remarks>
internal static class TextEncodingDetector
{
    /// <summary>Bytes looked at for BOMs, UTF-16 and binary content.</summary>
    public const int SampleSize = 8192;

    static TextEncodingDetector() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Windows1252 { get; } = CreateWindows1252();

    /// <summary>Strict UTF-8: throws on invalid bytes instead of inventing U+FFFD.</summary>
    public static Encoding StrictUtf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Detects the encoding from the first bytes of a file (BOM, UTF-16 shape, binary content).
    /// Returns null for "no BOM and not UTF-16": the caller then checks UTF-8 validity over the whole content.</summary>
    /// <param name="bomLength">Bytes of byte-order mark to skip.</param>
    /// <exception cref="Wren.Runtime.WrenException">The sample looks like binary data.</exception>
    public static Encoding? DetectFromSample(ReadOnlySpan<byte> sample, out int bomLength)
    {
        bomLength = 0;
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bomLength = 3;
            return StrictUtf8;
        }
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            bomLength = 4;
            return new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true);
        }
        if (sample.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            bomLength = 4;
            return new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true);
        }
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            bomLength = 2;
            return new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
        }
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            bomLength = 2;
            return new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);
        }
        // UTF-16 without a BOM: mostly-ASCII text has a zero in every other byte, on one side only.
        int pairs = sample.Length / 2, evenZeros = 0, oddZeros = 0;
        for (int i = 0; i + 1 < sample.Length; i += 2)
        {
            evenZeros += sample[i] == 0 ? 1 : 0;
            oddZeros += sample[i + 1] == 0 ? 1 : 0;
        }
        if (pairs >= 2)
        {
            if (oddZeros > pairs * 4 / 10 && evenZeros < pairs / 20)
            {
                return new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
            }
            if (evenZeros > pairs * 4 / 10 && oddZeros < pairs / 20)
            {
                return new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);
            }
        }
        ThrowIfBinary(sample);
        return null;
    }

    /// <summary>Whether a whole buffer is valid UTF-8 (vectorized in the BCL).</summary>
    public static bool IsValidUtf8(ReadOnlySpan<byte> bytes) => Utf8.IsValid(bytes);

    /// <summary>Refuses content with NUL bytes or where over a tenth of the bytes are control characters
    /// other than tab, newline, carriage return, form feed and escape.</summary>
    public static void ThrowIfBinary(ReadOnlySpan<byte> sample)
    {
        if (sample.IndexOf((byte)0) >= 0)
        {
            throw new Wren.Runtime.WrenException("binary content (NUL bytes), not text");
        }
        int control = 0;
        foreach (byte b in sample)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C or 0x1B))
            {
                control++;
            }
        }
        if (sample.Length > 0 && control * 10 > sample.Length)
        {
            throw new Wren.Runtime.WrenException($"binary content ({control} control bytes in the first {sample.Length}), not text");
        }
    }

    /// <summary>Decodes a whole buffer with the detected encoding; line ends become <c>\n</c>.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes) => Decode(bytes, out _);

    /// <summary>Decodes a whole buffer with the detected encoding; line ends become <c>\n</c>.</summary>
    /// <param name="legacy">When the bytes were not UTF-8 and were read in a legacy code page: where the first byte
    /// that is not UTF-8 is (its offset, and its 1-based line) and the code page, so the caller can say so.</param>
    public static string Decode(ReadOnlySpan<byte> bytes, out (long Offset, long Line, Encoding Encoding)? legacy)
    {
        legacy = null;
        Encoding? encoding = DetectFromSample(bytes[..Math.Min(bytes.Length, SampleSize)], out int bom);
        ReadOnlySpan<byte> body = bytes[bom..];
        if (encoding is null)
        {
            if (IsValidUtf8(body))
            {
                encoding = StrictUtf8;
            }
            else
            {
                encoding = LegacyCodePage(body);
                int at = FirstInvalidUtf8(body);
                legacy = (bom + at, LineAt(body, at), encoding);
            }
        }
        string text;
        try
        {
            text = encoding.GetString(body);
        }
        catch (DecoderFallbackException e)
        {
            throw new Wren.Runtime.WrenException($"invalid {encoding.WebName} data at byte {bom + e.Index}");
        }
        return NormalizeNewlines(text);
    }

    /// <summary>Bytes of a non-UTF file the charset detector reads: enough for its statistics, and it costs 10+ ns a byte.</summary>
    public const int LegacySampleSize = 1 << 20;

    /// <summary>Non-ASCII bytes the charset detector needs before its answer is taken: with a few (a lone "café" in
    /// English text) it guesses from too little, ISO-8859-2 for that one, which reads "è" as "č".</summary>
    public const int LegacyMinimumNonAscii = 8;

    /// <summary>The code page of bytes that are not UTF, from their first <see cref="LegacySampleSize"/>: UTF.Unknown's answer
    /// when they hold <see cref="LegacyMinimumNonAscii"/> non-ASCII bytes or more, else Windows-1252.</summary>
    public static Encoding LegacyCodePage(ReadOnlySpan<byte> bytes)
    {
        bytes = bytes[..Math.Min(bytes.Length, LegacySampleSize)];
        if (CountNonAscii(bytes) < LegacyMinimumNonAscii)
        {
            return Windows1252;
        }
        var detected = CharsetDetector.DetectFromBytes(bytes.ToArray()).Detected;
        // ISO-8859-1 and ASCII are read as Windows-1252, as the WHATWG encoding standard (and every browser) does:
        // the same letters, and 0x80-0x9F are the typographic quotes and dashes rather than C1 controls.
        return detected?.Encoding is { } encoding && encoding.CodePage is not (65001 or 1200 or 1201 or 12000 or 12001 or 28591 or 20127) ? encoding : Windows1252;
    }

    /// <summary>Non-ASCII bytes in <paramref name="bytes"/>, counted up to <see cref="LegacyMinimumNonAscii"/>.</summary>
    private static int CountNonAscii(ReadOnlySpan<byte> bytes)
    {
        int count = 0;
        while (count < LegacyMinimumNonAscii && bytes.IndexOfAnyExceptInRange((byte)0, (byte)0x7F) is int i and >= 0)
        {
            count++;
            bytes = bytes[(i + 1)..];
        }
        return count;
    }

    /// <summary>The encoding of a file to be read as a stream, decided before the first character is read:
    /// a first pass over the bytes checks UTF-8 validity (it needs every byte), so the stream is never
    /// decoded with U+FFFD in place of bad bytes. Text that is not UTF-8 is read in the code page
    /// <see cref="LegacyCodePage"/> names from its first bytes, and a warning names the file, the line of the first bad byte and the code page.</summary>
    /// <param name="bomLength">Bytes of byte-order mark the caller skips before decoding.</param>
    public static Encoding DetectForStreaming(SourceFile file, ReadContext context, out int bomLength)
    {
        Encoding? encoding;
        using (Stream probe = file.Open())
        {
            byte[] sample = new byte[SampleSize];
            int n = probe.ReadAtLeast(sample, sample.Length, throwOnEndOfStream: false);
            encoding = DetectFromSample(sample.AsSpan(0, n), out bomLength);
        }
        if (encoding is not null)
        {
            return encoding;
        }
        using Stream all = file.Open();
        if (FindInvalidUtf8(all) is var (offset, line))
        {
            using Stream head = file.Open();
            byte[] sample = new byte[LegacySampleSize];
            Encoding legacy = LegacyCodePage(sample.AsSpan(0, head.ReadAtLeast(sample, sample.Length, throwOnEndOfStream: false)));
            context.ReportWarning($"{file.Name}:{line}", LegacyWarning(offset, legacy));
            return legacy;
        }
        return StrictUtf8;
    }

    private static (long Offset, long Line)? FindInvalidUtf8(Stream stream)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        char[] chars = ArrayPool<char>.Shared.Rent(1 << 20);
        try
        {
            int carry = 0;
            long before = 0, lines = 1;
            while (true)
            {
                int n = stream.Read(buffer, carry, buffer.Length - carry);
                bool final = n == 0;
                int length = carry + n;
                var status = Utf8.ToUtf16(buffer.AsSpan(0, length), chars, out int consumed, out _, replaceInvalidSequences: false, isFinalBlock: final);
                lines += buffer.AsSpan(0, consumed).Count((byte)'\n');
                if (status == OperationStatus.InvalidData || (final && consumed < length))
                {
                    return (before + consumed, lines);
                }
                before += consumed;
                carry = length - consumed;
                if (final)
                {
                    return null;
                }
                Buffer.BlockCopy(buffer, consumed, buffer, 0, carry);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>The offset of the first byte that does not start a valid UTF-8 sequence, or -1.</summary>
    public static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        int i = 0;
        while (i < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[i..], out _, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                return i;
            }
            i += consumed;
        }
        return -1;
    }

    /// <summary>The 1-based line that byte <paramref name="offset"/> is on (line feeds before it, plus one).</summary>
    public static long LineAt(ReadOnlySpan<byte> bytes, int offset) => bytes[..Math.Max(offset, 0)].Count((byte)'\n') + 1;

    /// <summary>What a warning says of text read in a legacy code page.</summary>
    public static string LegacyWarning(long offset, Encoding encoding) => encoding.CodePage == 1252
        ? $"not valid UTF-8 (the first bad byte is at offset {offset:N0}); read as Windows-1252 (Latin-1), so some characters may be wrong"
        : $"not valid UTF-8 (the first bad byte is at offset {offset:N0}); read as {encoding.WebName}, the code page a charset detector named, so some characters may be wrong";

    /// <summary>CRLF and lone CR become LF, so that every later stage sees one kind of line end.</summary>
    public static string NormalizeNewlines(string text) =>
        text.Contains('\r') ? text.ReplaceLineEndings("\n") : text;

    private static Encoding CreateWindows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }
}
