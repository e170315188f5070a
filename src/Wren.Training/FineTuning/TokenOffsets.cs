namespace Wren.Training.FineTuning;

/// <summary>Token ids of a text and, per token, the index of the first character of the text it covers.</summary>
public sealed record TokenOffsets(int[] Ids, int[] CharStarts);
