namespace Wren.Eval.Tasks;

/// <summary>One generation question: the prompt and the acceptable answers (any one counts).</summary>
/// <param name="Where">File and line it came from, for messages.</param>
public sealed record GenerationItem(string Prompt, IReadOnlyList<string> Answers, string Where = "");
