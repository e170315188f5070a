namespace Wren.Training.FineTuning;

/// <summary>A piece of rendered conversation text and whether the model is trained to produce it (assistant replies and their end marker).</summary>
public sealed record ChatSegment(string Text, bool Trainable);
