namespace Wren.Eval.Tasks;

/// <summary>One multiple-choice question: the context, the choices (scored as <c>" " + choice</c>) and the index of the right one.</summary>
/// <param name="Where">File and line it came from, for messages.</param>
public sealed record MultipleChoiceItem(string Context, IReadOnlyList<string> Choices, int Gold, string Where = "");
