using System.Text.Json;
using Wren.Runtime.Tokenization;

namespace Wren.Runtime.Tests.Tokenization;

/// <summary>Ids from Hugging Face tokenizers (encode_cases.json) for both fixture models, exactly.</summary>
public sealed class HfReferenceEncodeTests
{
    public static TheoryData<string> Models => new() { "tiny-llama", "tiny-qwen2" };

    private static string Folder(string model) => Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", model);

    [Theory]
    [MemberData(nameof(Models))]
    public void EveryCaseEncodesToTheReferenceIdsAndDecodesToTheReferenceText(string model)
    {
        var tokenizer = BpeTokenizer.Load(Folder(model));
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder(model), "encode_cases.json")));
        int checkedCases = 0;
        foreach (JsonElement c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            string text = c.GetProperty("text").GetString()!;
            int[] expected = c.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()).ToArray();
            int[] actual = tokenizer.Encode(text);
            Assert.True(expected.SequenceEqual(actual), $"{model}: \"{text}\"\nexpected [{string.Join(",", expected)}]\nactual   [{string.Join(",", actual)}]");
            Assert.Equal(c.GetProperty("decoded").GetString(), tokenizer.Decode(actual));
            checkedCases++;
        }
        Assert.True(checkedCases >= 10);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void TheRenderedChatEncodesToTheReferenceIds(string model)
    {
        var tokenizer = BpeTokenizer.Load(Folder(model));
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder(model), "encode_cases.json")));
        JsonElement chat = doc.RootElement.GetProperty("chat");
        int[] expected = chat.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()).ToArray();
        Assert.Equal(expected, tokenizer.Encode(chat.GetProperty("rendered").GetString()!));
    }

    [Fact]
    public void StreamingDecodeReturnsOnlyWholeCharactersAndAddsUpToTheFullDecode()
    {
        var tokenizer = BpeTokenizer.Load(Folder("tiny-llama"));
        const string text = "Emoji 🙂👍🏽 and 東京 split across byte tokens.";
        int[] ids = tokenizer.Encode(text);
        var decoder = tokenizer.CreateStreamingDecoder();
        var pieces = ids.Select(decoder.Append).ToList();
        Assert.Equal(text, string.Concat(pieces) + decoder.Flush());
        Assert.All(pieces, p => Assert.DoesNotContain('\uFFFD', p));
        Assert.Contains(pieces, p => p.Length == 0); // some tokens end mid-character
    }

    [Fact]
    public void SpanEncodeReportsATooSmallDestinationAndWritesNothing()
    {
        var tokenizer = BpeTokenizer.Load(Folder("tiny-llama"));
        Span<int> small = stackalloc int[2];
        Assert.Equal(System.Buffers.OperationStatus.DestinationTooSmall, tokenizer.Encode("Fellow-Citizens of the Senate", small, out int written));
        Assert.Equal(0, written);
        Span<int> big = stackalloc int[64];
        Assert.Equal(System.Buffers.OperationStatus.Done, tokenizer.Encode("Fellow-Citizens of the Senate", big, out written));
        Assert.Equal(tokenizer.Encode("Fellow-Citizens of the Senate"), big[..written].ToArray());
    }
}
