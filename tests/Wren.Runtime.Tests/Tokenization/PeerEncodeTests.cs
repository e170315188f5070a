using Wren.Runtime.Tokenization;
using Wren.Tests.Peers;

namespace Wren.Runtime.Tests.Tokenization;

/// <summary>
/// Wren against Hugging Face tokenizers itself (run in node) on a few thousand real lines: State of
/// the Union sentences, e-mail, code, twenty scripts, emoji, odd whitespace and inline special tokens.
/// </summary>
public sealed class PeerEncodeTests
{
    public static TheoryData<string> Tokenizers => new()
    {
        "hf-reference/tiny-llama/tokenizer.json", // byte-level, GPT-2 regex, ChatML specials
        "tokenizer/llama2-style/tokenizer.json",  // SentencePiece BPE: Prepend+Replace normalizer, byte fallback, fuse_unk
        "tokenizer/mistral-style/tokenizer.json", // SentencePiece BPE: Metaspace pre-tokenizer, Metaspace decoder
    };

    private static List<string> Texts()
    {
        string dir = Path.Combine(TokenizerPeer.TestDataDirectory, "tokenizer");
        var texts = File.ReadAllLines(Path.Combine(dir, "sotu_sample.txt")).ToList();
        string mixed = File.ReadAllText(Path.Combine(dir, "mixed_lines.txt"));
        texts.AddRange(mixed.Split('\n'));
        texts.Add(mixed);
        texts.Add(string.Join(" ", texts.Take(200))); // one long text
        return texts;
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void EveryLineEncodesToTheSameIdsAsHuggingfaceTokenizers(string relativePath)
    {
        string json = Path.Combine(TokenizerPeer.TestDataDirectory, relativePath);
        var tokenizer = BpeTokenizer.Load(json);
        List<string> texts = Texts();
        int[][] expected = TokenizerPeer.Encode(json, texts);
        int mismatches = 0;
        var report = new System.Text.StringBuilder();
        for (int i = 0; i < texts.Count; i++)
        {
            int[] actual = tokenizer.Encode(texts[i], addSpecialTokens: false);
            if (!expected[i].SequenceEqual(actual))
            {
                if (mismatches++ < 5)
                {
                    report.AppendLine($"\"{texts[i]}\"\n  HF   [{string.Join(",", expected[i])}]\n  Wren [{string.Join(",", actual)}]");
                }
            }
        }
        Assert.True(mismatches == 0, $"{mismatches} of {texts.Count} texts differ:\n{report}");
        Assert.True(texts.Count > 2000);
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void DecodingGivesTheSameTextAsHuggingfaceTokenizers(string relativePath)
    {
        string json = Path.Combine(TokenizerPeer.TestDataDirectory, relativePath);
        var tokenizer = BpeTokenizer.Load(json);
        List<int[]> ids = Texts().Skip(1900).Select(t => tokenizer.Encode(t)).ToList();
        string[] expected = TokenizerPeer.Decode(json, ids);
        for (int i = 0; i < ids.Count; i++)
        {
            Assert.Equal(expected[i], tokenizer.Decode(ids[i]));
        }
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void StreamingDecodeAddsUpToTheWholeDecode(string relativePath)
    {
        var tokenizer = BpeTokenizer.Load(Path.Combine(TokenizerPeer.TestDataDirectory, relativePath));
        foreach (string text in Texts().Skip(1990))
        {
            int[] ids = tokenizer.Encode(text);
            var stream = tokenizer.CreateStreamingDecoder();
            var sb = new System.Text.StringBuilder();
            foreach (int id in ids)
            {
                sb.Append(stream.Append(id));
            }
            sb.Append(stream.Flush());
            Assert.Equal(tokenizer.Decode(ids), sb.ToString());
        }
    }

    [Fact]
    public void ASentencepieceTemplatePutsBosFirstAndDecodingSkipsItWhenAsked()
    {
        var tokenizer = BpeTokenizer.Load(Path.Combine(TokenizerPeer.TestDataDirectory, "tokenizer", "llama2-style"));
        int[] ids = tokenizer.Encode("Hello world");
        Assert.Equal(1, ids[0]);
        Assert.Equal("Hello world", tokenizer.Decode(ids, skipSpecialTokens: true));
        Assert.Equal("<s> Hello world", tokenizer.Decode(ids));
    }
}
