namespace Wren.Runtime.Classification;

/// <summary>A text and its label: one example of a classification task.</summary>
public sealed record LabeledText(string Input, string Label);
