namespace Wren.Eval.Planning;

/// <summary>
/// Bytes one GPU holds during training, by kind. Model states follow the ZeRO paper's accounting
/// (Rajbhandari et al. 2020, section 3.1): mixed-precision AdamW keeps 2 bytes of 16-bit weights,
/// 2 of 16-bit gradients and 12 of FP32 state (master weights, first and second moments) per
/// parameter, 16 in all; ZeRO stages 1/2/3 shard the FP32 state, then gradients, then weights.
/// </summary>
public sealed record MemoryEstimate
{
    /// <summary>"full", "LoRA" or "QLoRA".</summary>
    public required string Method { get; init; }

    /// <summary>Weights used in forward and backward (BF16; 4-bit NF4 for the QLoRA base).</summary>
    public required double WeightBytes { get; init; }

    public required double GradientBytes { get; init; }

    /// <summary>AdamW first and second moments (FP32).</summary>
    public required double OptimizerBytes { get; init; }

    /// <summary>FP32 master copy of the trained weights (mixed precision); for LoRA the adapters themselves are FP32.</summary>
    public required double MasterWeightBytes { get; init; }

    public required double ActivationBytes { get; init; }

    /// <summary>True when activations are recomputed (only each layer's input kept) to fit.</summary>
    public required bool ActivationCheckpointing { get; init; }

    /// <summary>ZeRO stage 0-3 used for sharding over data-parallel GPUs (0 = none).</summary>
    public required int ZeroStage { get; init; }

    /// <summary>Parameters that are trained (N for full training, the adapters for LoRA).</summary>
    public required double TrainableParameters { get; init; }

    /// <summary>Does <see cref="TotalBytes"/> fit in the usable part of one GPU's memory?</summary>
    public required bool Fits { get; init; }

    public double TotalBytes => WeightBytes + GradientBytes + OptimizerBytes + MasterWeightBytes + ActivationBytes;
}
