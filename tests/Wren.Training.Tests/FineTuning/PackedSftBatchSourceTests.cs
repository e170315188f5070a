using Wren.Training.FineTuning;

namespace Wren.Training.Tests.FineTuning;

public sealed class PackedSftBatchSourceTests
{
    /// <summary>A test tokenizer: special tokens are single ids, every other character is its code (enough to check masking).</summary>
    private sealed class CharTokenizer : ITextTokenizer
    {
        public const int ImStart = 1000, ImEnd = 1001;

        public int[] Encode(string text)
        {
            var ids = new List<int>();
            for (int i = 0; i < text.Length;)
            {
                if (text.AsSpan(i).StartsWith("<|im_start|>")) { ids.Add(ImStart); i += "<|im_start|>".Length; }
                else if (text.AsSpan(i).StartsWith("<|im_end|>")) { ids.Add(ImEnd); i += "<|im_end|>".Length; }
                else ids.Add(text[i++]);
            }

            return ids.ToArray();
        }
    }

    [Fact]
    public void OnlyAssistantRepliesAndTheirEndMarkerAreTargets()
    {
        var messages = new[] { new ChatMessage("system", "S"), new ChatMessage("user", "hi"), new ChatMessage("assistant", "yo"), new ChatMessage("user", "q"), new ChatMessage("assistant", "a") };
        var example = SftExample.Build(messages, new ChatMlRenderer(), new CharTokenizer());
        var rows = PackedSftBatchSource.Pack([example], 64, padId: 0);

        var (inputs, targets) = Assert.Single(rows);
        var scored = new List<int>();
        for (int t = 0; t < targets.Length; t++) if (targets[t] >= 0) scored.Add(targets[t]);
        Assert.Equal(new[] { 'y', 'o', CharTokenizer.ImEnd, 'a', CharTokenizer.ImEnd }, scored.Select(x => x < 1000 ? (char)x : x).Select(Convert.ToInt32));
        // Each target is the next input token.
        for (int t = 0; t + 1 < inputs.Length; t++) if (targets[t] >= 0) Assert.Equal(inputs[t + 1], targets[t]);
    }

    [Fact]
    public void ShortExamplesShareARowAndPaddingIsNeverScored()
    {
        var tokenizer = new CharTokenizer();
        var examples = Enumerable.Range(0, 5)
            .Select(i => SftExample.Build([new ChatMessage("user", "u" + i), new ChatMessage("assistant", "r" + i)], new ChatMlRenderer(), tokenizer))
            .ToList();
        int length = examples[0].Tokens.Length;
        var rows = PackedSftBatchSource.Pack(examples, time: 2 * length + 3, padId: 7);

        Assert.Equal(3, rows.Count); // two examples per row, the fifth alone
        var (lastInputs, lastTargets) = rows[^1];
        Assert.All(lastTargets.Skip(length - 1), t => Assert.Equal(PackedSftBatchSource.IgnoreIndex, t));
        Assert.Equal(7, lastInputs[^1]);
        // The first token of the second packed example is not a target of the first example's last token.
        Assert.Equal(PackedSftBatchSource.IgnoreIndex, rows[0].Targets[length - 1]);
    }

    [Fact]
    public void TheReaderAcceptsMessagesAndPromptCompletionAndReportsBadLines()
    {
        var lines = new[]
        {
            "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"b\"}]}]}",
            "{\"prompt\":\"p\",\"completion\":\"c\"}",
            "not json",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"no reply\"}]}",
            "",
        };
        var result = ChatJsonlReader.Parse(lines, "chat.jsonl");

        Assert.Equal(2, result.Conversations.Count);
        Assert.Equal("b", result.Conversations[0][1].Content);
        Assert.Equal(new ChatMessage("assistant", "c"), result.Conversations[1][1]);
        Assert.Equal(2, result.Errors.Count);
        Assert.StartsWith("chat.jsonl:3:", result.Errors[0]);
        Assert.StartsWith("chat.jsonl:4:", result.Errors[1]);
        Assert.Equal([1, 2], result.LineNumbers);
    }

    [Fact]
    public void ValidationRowsFewerThanABatchAreStillScoredAndTheFillerIsNot()
    {
        var tokenizer = new CharTokenizer();
        var examples = Enumerable.Range(0, 20)
            .Select(i => SftExample.Build([new ChatMessage("user", "u" + i), new ChatMessage("assistant", "r" + i)], new ChatMlRenderer(), tokenizer))
            .ToList();
        int time = examples[0].Tokens.Length + 1; // one example per row
        var source = new PackedSftBatchSource(examples, time, padId: 7, seed: 1, validationFraction: 0.1);

        Assert.Equal(2, source.ValidationRows);
        Assert.Equal(1, source.ValidationBatchCount(batch: 4, time));
        var inputs = new int[4 * time];
        var targets = new int[4 * time];
        source.ValidationBatch(0, inputs, targets, time);
        Assert.Contains(targets.Take(2 * time), t => t >= 0);
        Assert.All(targets.Skip(2 * time), t => Assert.Equal(PackedSftBatchSource.IgnoreIndex, t));
        Assert.All(inputs.Skip(2 * time), t => Assert.Equal(7, t));
    }
}
