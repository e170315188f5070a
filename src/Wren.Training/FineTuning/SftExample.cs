namespace Wren.Training.FineTuning;

/// <summary>A tokenized conversation: ids and, per id, whether the model is trained to predict it.</summary>
public sealed record SftExample(int[] Tokens, bool[] Trainable)
{
    /// <summary>
    /// Renders with <paramref name="renderer"/> and tokenizes. When the tokenizer maps tokens back to characters,
    /// the whole rendered text is encoded at once (the ids the model sees at inference) and a token is trainable
    /// when its first character lies in a trainable segment; otherwise each segment is encoded on its own and
    /// carries its flag to its tokens.
    /// </summary>
    public static SftExample Build(IReadOnlyList<ChatMessage> messages, IChatRenderer renderer, ITextTokenizer tokenizer)
    {
        var segments = renderer.Render(messages);
        var tokens = new List<int>();
        var trainable = new List<bool>();
        string text = string.Concat(segments.Select(s => s.Text));
        if (tokenizer.EncodeWithOffsets(text) is { } encoded)
        {
            // Per character: trainable or not.
            var mask = new bool[text.Length];
            int at = 0;
            foreach (var s in segments)
            {
                if (s.Trainable) mask.AsSpan(at, s.Text.Length).Fill(true);
                at += s.Text.Length;
            }

            for (int i = 0; i < encoded.Ids.Length; i++)
            {
                tokens.Add(encoded.Ids[i]);
                trainable.Add(encoded.CharStarts[i] < mask.Length && mask[encoded.CharStarts[i]]);
            }

            return new SftExample(tokens.ToArray(), trainable.ToArray());
        }

        foreach (var segment in segments)
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

    /// <summary>Tokens the model is trained to predict.</summary>
    public int TrainableCount
    {
        get
        {
            int n = 0;
            foreach (bool t in Trainable) if (t) n++;
            return n;
        }
    }
}
