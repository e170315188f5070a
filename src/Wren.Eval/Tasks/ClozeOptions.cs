namespace Wren.Eval.Tasks;

/// <summary>How <see cref="ClozeTaskGenerator"/> turns held-out documents into questions.</summary>
public sealed record ClozeOptions
{
    /// <summary>Questions to make at most.</summary>
    public int MaxItems { get; init; } = 200;

    /// <summary>Choices per question (the right ending and distractors from other documents).</summary>
    public int Choices { get; init; } = 4;

    /// <summary>Same seed and documents, same questions.</summary>
    public int Seed { get; init; } = 1234;

    /// <summary>Characters of the document before the masked ending kept as context.</summary>
    public int ContextChars { get; init; } = 600;

    /// <summary>Sentences shorter than this many words are not masked.</summary>
    public int MinSentenceWords { get; init; } = 8;

    /// <summary>Longest masked ending in words (a third of the sentence, at least 2).</summary>
    public int MaxEndingWords { get; init; } = 6;

    /// <summary>Questions taken from one document at most, so a long document does not dominate.</summary>
    public int MaxPerDocument { get; init; } = 3;
}
