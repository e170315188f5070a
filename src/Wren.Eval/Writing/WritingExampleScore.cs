namespace Wren.Eval.Writing;

/// <summary>One test example as the task model wrote it, with its score (rougeLsum F or field F1): the report lists the worst.</summary>
public sealed record WritingExampleScore(string Input, string Reference, string Output, double Score, string? Source);
