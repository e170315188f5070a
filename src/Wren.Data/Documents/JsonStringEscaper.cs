using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Wren.Data.Documents;

/// <summary>
/// Writes a string property exactly as <see cref="Utf8JsonWriter"/> with <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>
/// writes it, but escapes it in runs: a vectorized search for the next character outside printable ASCII (or a quote
/// or backslash), the run before it narrowed to bytes in one call, then that one character escaped or encoded.
/// </summary>
/// <remarks>
/// Which characters the encoder escapes is asked of the encoder itself, once per BMP character, so the output stays
/// byte-identical to the writer's (a test compares every BMP character). The escapes are the encoder's: <c>\"</c>,
/// <c>\\</c>, <c>\b \t \n \f \r</c>, otherwise <c>\uXXXX</c> in upper-case hex, a supplementary character as its two
/// surrogates. A string with a lone surrogate goes to the writer itself. Document texts are most of what curation writes,
/// and the writer's escaping of text with a newline every line was the costliest part of writing them.
/// </remarks>
internal static class JsonStringEscaper
{
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    // Printable ASCII that is written as is.
    private static readonly SearchValues<char> PlainAscii = SearchValues.Create(
        " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    // One bit per BMP code point: whether the encoder escapes it (built on first use from the encoder's answers).
    private static readonly Lazy<ulong[]> EscapedBmp = new(() =>
    {
        var bits = new ulong[65536 / 64];
        for (int c = 0; c < 65536; c++)
        {
            if (char.IsSurrogate((char)c) || Encoder.WillEncode(c))
            {
                bits[c >> 6] |= 1UL << (c & 63);
            }
        }
        return bits;
    });

    /// <summary>
    /// Writes <c>"name": "value"</c>; through <see cref="Utf8JsonWriter.WriteString(string, string)"/> when the writer has
    /// another encoder, or for what this does not handle.
    /// </summary>
    public static void WriteString(Utf8JsonWriter writer, string name, string value)
    {
        if (!ReferenceEquals(writer.Options.Encoder, Encoder) || value.Length > int.MaxValue / 4)
        {
            writer.WriteString(name, value);
            return;
        }
        // Room for text of up to three bytes a character (any BMP text with a few escapes); more escapes than that go to the writer.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(value.Length * 3 + 64);
        try
        {
            int length = TryEscape(value, buffer);
            if (length < 0)
            {
                writer.WriteString(name, value);
                return;
            }
            writer.WritePropertyName(name);
            writer.WriteRawValue(buffer.AsSpan(0, length), skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The quoted, escaped UTF-8 of <paramref name="value"/> in <paramref name="destination"/>; -1 for a lone surrogate or when it does not fit.</summary>
    internal static int TryEscape(ReadOnlySpan<char> value, Span<byte> destination)
    {
        ulong[] escaped = EscapedBmp.Value;
        int o = 0;
        destination[o++] = (byte)'"';
        while (true)
        {
            int run = value.IndexOfAnyExcept(PlainAscii);
            var plain = run < 0 ? value : value[..run];
            // The run, then at most one escaped pair of surrogates (12 bytes) and the closing quote.
            if (destination.Length - o < plain.Length + 13)
            {
                return -1;
            }
            o += Encoding.ASCII.GetBytes(plain, destination[o..]);
            if (run < 0)
            {
                break;
            }
            char c = value[run];
            int consumed = 1;
            if (char.IsHighSurrogate(c) && run + 1 < value.Length && char.IsLowSurrogate(value[run + 1]))
            {
                int scalar = char.ConvertToUtf32(c, value[run + 1]);
                consumed = 2;
                if (Encoder.WillEncode(scalar))
                {
                    o += WriteUnicodeEscape(c, destination[o..]);
                    o += WriteUnicodeEscape(value[run + 1], destination[o..]);
                }
                else
                {
                    o += new Rune(scalar).EncodeToUtf8(destination[o..]);
                }
            }
            else if (char.IsSurrogate(c))
            {
                return -1;
            }
            else if ((escaped[c >> 6] & (1UL << (c & 63))) != 0)
            {
                o += WriteEscape(c, destination[o..]);
            }
            else
            {
                o += new Rune(c).EncodeToUtf8(destination[o..]);
            }
            value = value[(run + consumed)..];
        }
        destination[o++] = (byte)'"';
        return o;
    }

    private static int WriteEscape(char c, Span<byte> destination)
    {
        byte shortForm = c switch
        {
            '"' => (byte)'"',
            '\\' => (byte)'\\',
            '\b' => (byte)'b',
            '\t' => (byte)'t',
            '\n' => (byte)'n',
            '\f' => (byte)'f',
            '\r' => (byte)'r',
            _ => 0,
        };
        if (shortForm == 0)
        {
            return WriteUnicodeEscape(c, destination);
        }
        destination[0] = (byte)'\\';
        destination[1] = shortForm;
        return 2;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WriteUnicodeEscape(char c, Span<byte> destination)
    {
        const string Hex = "0123456789ABCDEF";
        destination[0] = (byte)'\\';
        destination[1] = (byte)'u';
        destination[2] = (byte)Hex[c >> 12];
        destination[3] = (byte)Hex[(c >> 8) & 0xF];
        destination[4] = (byte)Hex[(c >> 4) & 0xF];
        destination[5] = (byte)Hex[c & 0xF];
        return 6;
    }
}
