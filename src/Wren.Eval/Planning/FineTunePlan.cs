namespace Wren.Eval.Planning;

/// <summary>A fine-tune to price: the base model's shape, the task's tokens, the method and the rented GPUs.</summary>
public sealed record FineTunePlan
{
    public required ModelShape Model { get; init; }

    /// <summary>Tokens of the training conversations per epoch (as rendered with the chat template).</summary>
    public required double Tokens { get; init; }

    public double Epochs { get; init; } = 3;

    /// <summary>lora, qlora or full.</summary>
    public string Method { get; init; } = "lora";

    public required HardwareSpec Hardware { get; init; }

    public int GpuCount { get; init; } = 1;

    /// <summary>US dollars per GPU-hour; no dollars without it.</summary>
    public double? PricePerGpuHour { get; init; }

    /// <summary>Model FLOPs utilisation assumed for LoRA and full fine-tunes; QLoRA gets <see cref="FineTunePlanner.QLoraThroughput"/> of it.</summary>
    public double Mfu { get; init; } = 0.35;

    public int LoraRank { get; init; } = 16;

    public int MicroBatch { get; init; } = 4;
}
