namespace Wren.Pipeline.Build.Recipe;

/// <summary>The training budget and schedule (as <c>wren train</c>). The run stops at whichever of minutes, tokens and steps (those not 0) comes first.</summary>
public sealed record TrainingSection
{
    /// <summary>Wall-clock budget in minutes (0: not set).</summary>
    public double Minutes { get; init; } = 6;

    /// <summary>Token budget (0: not set); steps = tokens / (batch x seq). The default is about eight passes over the bundled sample.</summary>
    public long Tokens { get; init; } = 600_000;

    /// <summary>Optimizer steps (0: not set; with minutes: an upper bound).</summary>
    public long Steps { get; init; }

    public int Batch { get; init; } = 8;

    public int Seq { get; init; } = 256;

    public double LearningRate { get; init; } = 3e-3;

    public int EvalEvery { get; init; } = 50;

    public ulong Seed { get; init; } = 1337;
}
