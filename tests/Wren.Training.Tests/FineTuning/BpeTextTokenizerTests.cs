using Wren.Runtime.Generation;
using Wren.Runtime.Tokenization;
using Wren.Templates;
using Wren.Training.FineTuning;

namespace Wren.Training.Tests.FineTuning;

public sealed class BpeTextTokenizerTests
{
    [Fact]
    public void OffsetsPointAtTheTextEachTokenDecodesTo()
    {
        var bpe = BpeTokenizer.Load(Fixtures.Folder("tiny-llama"));
        const string text = "<|im_start|>user\nCafé — naïve ☕ 🙂 tests<|im_end|>\n";
        var encoded = new BpeTextTokenizer(bpe).EncodeWithOffsets(text);

        Assert.NotNull(encoded);
        Assert.Equal(bpe.Encode(text, addSpecialTokens: false), encoded.Ids);
        Assert.Equal(0, encoded.CharStarts[0]);
        Assert.True(encoded.CharStarts.Zip(encoded.CharStarts.Skip(1)).All(p => p.First <= p.Second));
        // Every token whose bytes form whole characters decodes to the text at its offset.
        for (int i = 0; i < encoded.Ids.Length; i++)
        {
            string piece = bpe.Decode([encoded.Ids[i]]);
            if (!piece.Contains('\uFFFD')) Assert.Equal(piece, text.Substring(encoded.CharStarts[i], piece.Length));
        }
    }

    [Fact]
    public void ExamplesGetTheIdsTheModelSeesAtInferenceAndOnlyReplyTokensAreTrainable()
    {
        var bpe = BpeTokenizer.Load(Fixtures.Folder("tiny-llama"));
        var template = ChatTemplate.FromModelDirectory(Fixtures.Folder("tiny-llama"));
        ChatMessage[] messages = [new("user", "What is the state of the union?"), new("assistant", " It is strong.")];
        var example = SftExample.Build(messages, new ChatTemplateRenderer(template), new BpeTextTokenizer(bpe));

        string rendered = template.Render(messages.Select(m => new TemplateMessage(m.Role, m.Content)).ToList(), false);
        Assert.Equal(bpe.Encode(rendered, addSpecialTokens: false), example.Tokens);
        var trainable = example.Tokens.Where((_, i) => example.Trainable[i]).ToArray();
        Assert.Equal(" It is strong.<|im_end|>", bpe.Decode(trainable));
    }
}
