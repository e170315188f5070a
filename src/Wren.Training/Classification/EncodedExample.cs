namespace Wren.Training.Classification;

/// <summary>An example as the trainer feeds it: the prompt's token ids and the label's index.</summary>
public sealed record EncodedExample(int[] Prompt, int Label);
