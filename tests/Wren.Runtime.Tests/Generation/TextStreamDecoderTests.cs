using System.Text;
using Wren.Runtime.Generation;
using Wren.Runtime.Tokenization;

namespace Wren.Runtime.Tests.Generation;

public sealed class TextStreamDecoderTests
{
    private static readonly BpeTokenizer Tokenizer = BpeTokenizer.Load(Path.Combine(HfReference.Folder("tiny-llama"), "tokenizer.json"));

    [Fact]
    public void AnEmojiSplitOverByteTokensComesOutWholeAtItsLastByte()
    {
        int[] ids = Tokenizer.Encode("hi 😀!", addSpecialTokens: false);
        var emoji = Tokenizer.Encode("😀", addSpecialTokens: false);
        Assert.True(emoji.Length >= 2, "the tiny vocabulary has no merge for the emoji's bytes");
        var decoder = new TextStreamDecoder(Tokenizer);
        var pieces = ids.Select(decoder.Append).ToList();
        pieces.Add(decoder.Flush());
        Assert.Equal("hi 😀!", string.Concat(pieces));
        Assert.All(pieces, p => Assert.DoesNotContain('\uFFFD', p));
        Assert.Contains(pieces, p => p.Contains("😀", StringComparison.Ordinal));
        Assert.True(pieces.Count(p => p.Length == 0) >= emoji.Length - 1);
    }

    [Fact]
    public void AnIncompleteCharacterAtTheEndIsFlushedAsAReplacement()
    {
        int[] emoji = Tokenizer.Encode("😀", addSpecialTokens: false);
        var decoder = new TextStreamDecoder(Tokenizer);
        Assert.Equal("", decoder.Append(emoji[0]));
        Assert.Equal("\uFFFD", decoder.Flush());
    }

    [Fact]
    public void StopStringsAreHeldWhilePartialAndDroppedWhenComplete()
    {
        int[] ids = Tokenizer.Encode("one two three", addSpecialTokens: false);
        var decoder = new TextStreamDecoder(Tokenizer, ["two", "tx"]);
        var sb = new StringBuilder();
        foreach (int id in ids)
        {
            sb.Append(decoder.Append(id));
            if (decoder.Stopped) break;
        }
        sb.Append(decoder.Flush());
        Assert.True(decoder.Stopped);
        Assert.Equal("one ", sb.ToString());
    }

    [Fact]
    public void TextThatOnlyLooksLikeAStopStringIsReleased()
    {
        var stops = new StopStringMatcher(["</end>"]);
        Assert.Equal("a", stops.Append("a</e"));
        Assert.Equal("</ex", stops.Append("x"));
        Assert.Equal("b", stops.Append("b</"));
        Assert.Equal("</", stops.Flush());
        Assert.False(stops.Stopped);
        var again = new StopStringMatcher(["</end>"]);
        Assert.Equal("x", again.Append("x</en"));
        Assert.Equal("", again.Append("d>tail"));
        Assert.True(again.Stopped);
        Assert.Equal("</end>", again.MatchedStop);
    }
}
