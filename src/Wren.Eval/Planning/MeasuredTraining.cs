namespace Wren.Eval.Planning;

/// <summary>
/// Real training steps measured on this machine's CPU (<c>wren plan --measure</c> runs them through Wren.Training):
/// the achieved model FLOP/s carries over to the planned model, so it sizes the CPU time of the plan.
/// </summary>
public sealed record MeasuredTraining
{
    /// <summary>The shape that ran, in words (e.g. "L 2, C 2560, H 20, F 6848, V 32000, B 1 x T 256").</summary>
    public required string Shape { get; init; }

    /// <summary>Null when the planned shape itself ran; else how it was scaled down.</summary>
    public string? ScaledDown { get; init; }

    public required double TokensPerSecond { get; init; }

    /// <summary>(6 N + attention) FLOPs per token of the measured shape times its tokens/s.</summary>
    public required double ModelFlopsPerSecond { get; init; }

    public required double SecondsPerStep { get; init; }

    public required int Steps { get; init; }

    public required int Threads { get; init; }
}
