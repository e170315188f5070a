using YamlDotNet.Serialization;

namespace Wren.Pipeline.Build.Recipe;

/// <summary>What the trained model is scored on (as <c>wren eval</c>).</summary>
public sealed record EvalSection
{
    /// <summary>Built-in tasks on the held-out documents: perplexity (bits per byte) and cloze (multiple choice made from them).</summary>
    [YamlMember(Description = @"built in, on the held-out documents: perplexity (bits per byte), cloze (multiple choice made from them)")]
    public List<string> Tasks { get; init; } = ["perplexity", "cloze"];

    /// <summary>More tasks as <c>wren eval --tasks</c> entries, e.g. mc:quiz.jsonl or gen:qa.jsonl (relative to the recipe).</summary>
    [YamlMember(Description = @"more tasks as `wren eval --tasks` entries, e.g. mc:quiz.jsonl, gen:qa.jsonl")]
    public List<string> Files { get; init; } = [];

    /// <summary>Score at most this many questions (documents) per task (0: all).</summary>
    [YamlMember(Description = @"questions (documents) per task at most; 0: all")]
    public int Limit { get; init; } = 200;

    [YamlMember(Description = @"cloze questions to make")]
    public int ClozeItems { get; init; } = 100;
}
