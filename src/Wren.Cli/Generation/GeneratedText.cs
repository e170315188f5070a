using Wren.Runtime.Chat;

namespace Wren.Cli.Generation;

/// <summary>One continuation: its token ids, its text and the timings of the run.</summary>
internal sealed record GeneratedText(string Prompt, IReadOnlyList<int> Ids, string Text, TextGenerationSummary Summary);
