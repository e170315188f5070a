using Wren.Runtime.Formats.HuggingFace;

namespace Wren.Training.Trainer;

/// <summary>What <see cref="TrainingThroughputProbe"/> measured: real training steps of a shape on this CPU.</summary>
public sealed record TrainingProbeResult
{
    /// <summary>The shape that was trained (the planned one, or a scaled-down one of the same width).</summary>
    public required LlamaConfig Measured { get; init; }

    public required int Batch { get; init; }

    public required int Time { get; init; }

    public required int Threads { get; init; }

    /// <summary>Timed steps (after one warm-up step).</summary>
    public required int Steps { get; init; }

    /// <summary>Mean wall seconds per step (forward, backward, clip, AdamW).</summary>
    public required double SecondsPerStep { get; init; }

    /// <summary>Tokens per second of the measured shape.</summary>
    public double TokensPerSecond => Batch * Time / SecondsPerStep;

    /// <summary>Model FLOPs per token of the measured shape (6 N + attention).</summary>
    public required double FlopsPerToken { get; init; }

    /// <summary>Achieved model FLOP/s: what carries over from a scaled-down shape to the planned one.</summary>
    public double ModelFlopsPerSecond => FlopsPerToken * TokensPerSecond;

    /// <summary>Null when the planned shape itself ran; else why and how it was scaled down.</summary>
    public string? ScaledDown { get; init; }
}
