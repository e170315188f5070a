namespace Wren.Runtime.Generation;

/// <summary>One continuation: its token ids, its text and the timings of the run.</summary>
public sealed record GeneratedText(string Prompt, IReadOnlyList<int> Ids, string Text, TextGenerationSummary Summary);
