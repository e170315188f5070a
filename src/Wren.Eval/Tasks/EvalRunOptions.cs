using Wren.Eval.Perplexity;

namespace Wren.Eval.Tasks;

/// <summary>Options shared by every task of one <c>wren eval</c> run.</summary>
public sealed record EvalRunOptions
{
    /// <summary>Solved examples put before each question.</summary>
    public int Shots { get; init; }

    /// <summary>Seed of the few-shot selection.</summary>
    public int Seed { get; init; } = 1234;

    public PerplexityOptions Perplexity { get; init; } = new();

    public GenerationTaskOptions Generation { get; init; } = new();
}
