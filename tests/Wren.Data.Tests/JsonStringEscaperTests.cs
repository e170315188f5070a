using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Wren.Data.Documents;

namespace Wren.Data.Tests;

public sealed class JsonStringEscaperTests
{
    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string WithWriter(string value, bool escaper)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Relaxed))
        {
            writer.WriteStartObject();
            writer.WriteString("id", "x");
            if (escaper)
            {
                JsonStringEscaper.WriteString(writer, "text", value);
            }
            else
            {
                writer.WriteString("text", value);
            }
            writer.WriteString("source", "s");
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void EveryBMPCharacterIsWrittenAsTheWriterWritesIt()
    {
        var mismatches = new List<int>();
        for (int c = 0; c < 0x10000; c++)
        {
            if (char.IsSurrogate((char)c))
            {
                continue;
            }
            string value = "a" + (char)c + "b" + (char)c;
            // The escaper itself writes it (not the writer it falls back to).
            Assert.True(JsonStringEscaper.TryEscape(value, new byte[64]) > 0);
            if (WithWriter(value, escaper: true) != WithWriter(value, escaper: false))
            {
                mismatches.Add(c);
            }
        }
        Assert.Empty(mismatches.Take(20).Select(c => c.ToString("X4")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain ASCII only")]
    [InlineData("line one\nline \"two\"\ttab\\slash\r\n\b\f\u0001\u001f\u007f\u0080\u00a0é€中文")]
    [InlineData("emoji 😀 and 𝄞 clef, pair at end 😀")]
    [InlineData("<html> & 'quotes' + `ticks` \u2028\u2029 \ufeff \ufffd \uffff")]
    [InlineData("lone high \ud800 surrogate")]
    [InlineData("lone low \udc00 surrogate")]
    [InlineData("high at end \ud83d")]
    public void StringsComeOutByteIdenticalToTheWriter(string value) =>
        Assert.Equal(WithWriter(value, escaper: false), WithWriter(value, escaper: true));

    [Fact]
    public void TextOfMostlyEscapesAndWritersWithAnotherEncoderAreWrittenByTheWriter()
    {
        string controls = new('\u0001', 500);
        Assert.Equal(WithWriter(controls, escaper: false), WithWriter(controls, escaper: true));
        Assert.Equal(-1, JsonStringEscaper.TryEscape(controls, new byte[controls.Length * 3 + 64]));

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            JsonStringEscaper.WriteString(writer, "text", "<é>");
            writer.WriteEndObject();
        }
        Assert.Equal("""{"text":"\u003C\u00E9\u003E"}""", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void RandomMixedTextComesOutByteIdenticalToTheWriter()
    {
        var random = new Random(7);
        string[] pieces = ["word ", "\n", "\"", "\\", "é", "中", "😀", "\t", "\u0000", "\u00ad", "\u0378", "<", "'", "\ud800"];
        for (int n = 0; n < 2000; n++)
        {
            var s = new StringBuilder();
            int count = random.Next(0, 40);
            for (int i = 0; i < count; i++)
            {
                s.Append(pieces[random.Next(pieces.Length)]);
            }
            string value = s.ToString();
            Assert.Equal(WithWriter(value, escaper: false), WithWriter(value, escaper: true));
        }
    }
}
