namespace Wren.Eval.Tasks;

/// <summary>A solved example put before a question: its text and its answer.</summary>
public sealed record FewShotExample(string Text, string Target);
