namespace Wren.Training.FineTuning;

/// <summary>A tokenized conversation: ids and, per id, whether the model is trained to predict it.</summary>
public sealed record SftExample(int[] Tokens, bool[] Trainable)
{
    /// <summary>Renders with <paramref name="renderer"/> and tokenizes each segment, carrying its trainable flag to its tokens.</summary>
    public static SftExample Build(IReadOnlyList<ChatMessage> messages, IChatRenderer renderer, ITextTokenizer tokenizer)
    {
        var tokens = new List<int>();
        var trainable = new List<bool>();
        foreach (var segment in renderer.Render(messages))
        {
            if (segment.Text.Length == 0) continue;
            foreach (int id in tokenizer.Encode(segment.Text))
            {
                tokens.Add(id);
                trainable.Add(segment.Trainable);
            }
        }

        return new SftExample(tokens.ToArray(), trainable.ToArray());
    }
}
