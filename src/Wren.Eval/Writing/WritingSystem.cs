namespace Wren.Eval.Writing;

/// <summary>
/// One thing that writes an output for an input and is measured on the test split: the task model, the base model
/// zero-shot, a teacher behind an OpenAI-compatible endpoint, or a baseline. <see cref="IsTaskModel"/> marks the
/// one the others are compared with.
/// </summary>
public sealed record WritingSystem(string Name, string Description, Func<string, CancellationToken, Task<string>> Write, bool IsTaskModel = false);
