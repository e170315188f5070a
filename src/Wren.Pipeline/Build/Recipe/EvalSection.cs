namespace Wren.Pipeline.Build.Recipe;

/// <summary>What the trained model is scored on (as <c>wren eval</c>).</summary>
public sealed record EvalSection
{
    /// <summary>Built-in tasks on the held-out documents: perplexity (bits per byte) and cloze (multiple choice made from them).</summary>
    public List<string> Tasks { get; init; } = ["perplexity", "cloze"];

    /// <summary>More tasks as <c>wren eval --tasks</c> entries, e.g. mc:quiz.jsonl or gen:qa.jsonl (relative to the recipe).</summary>
    public List<string> Files { get; init; } = [];

    /// <summary>Score at most this many questions (documents) per task (0: all).</summary>
    public int Limit { get; init; } = 200;

    public int ClozeItems { get; init; } = 100;
}
