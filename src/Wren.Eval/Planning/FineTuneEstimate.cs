namespace Wren.Eval.Planning;

/// <summary>What a fine-tune costs: FLOPs, hours on the GPUs, dollars, and whether it fits in their memory.</summary>
public sealed record FineTuneEstimate
{
    public required FineTunePlan Plan { get; init; }

    public required double TrainingTokens { get; init; }

    public required double FlopsPerToken { get; init; }

    public required double TrainingFlops { get; init; }

    /// <summary>The utilisation the time was computed at (QLoRA's lowered by dequantization).</summary>
    public required double Mfu { get; init; }

    public required double Seconds { get; init; }

    public double GpuHours => Seconds * Plan.GpuCount / 3600;

    public double? CostUsd => Plan.PricePerGpuHour is double price ? GpuHours * price : null;

    /// <summary>Memory per GPU for the method (mixed-precision AdamW on what is trained).</summary>
    public required MemoryEstimate Memory { get; init; }
}
