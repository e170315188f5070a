namespace Wren.Eval.Planning;

/// <summary>What <see cref="TrainingPlanner"/> works out for a <see cref="TrainingPlan"/>.</summary>
public sealed record TrainingEstimate
{
    public required TrainingPlan Plan { get; init; }

    /// <summary>D: tokens x epochs.</summary>
    public required double TrainingTokens { get; init; }

    /// <summary>6·N: forward (2N) and backward (4N) multiply-adds of the weight matmuls per token.</summary>
    public required double DenseFlopsPerToken { get; init; }

    /// <summary>6·L·T·C: the causal attention matmuls (QK^T and AV) per token, forward and backward; 0 when L and C were not given.</summary>
    public required double AttentionFlopsPerToken { get; init; }

    /// <summary>(6·N + 6·L·T·C)·D.</summary>
    public required double TrainingFlops { get; init; }

    /// <summary>The MFU used, or the one solved from <see cref="TrainingPlan.Days"/>.</summary>
    public required double Mfu { get; init; }

    /// <summary>True when <see cref="Mfu"/> was solved from a given time.</summary>
    public required bool MfuSolved { get; init; }

    public required double Seconds { get; init; }

    public double Days => Seconds / 86_400;

    public double GpuHours => Seconds * Plan.GpuCount / 3600;

    public double? CostUsd => Plan.PricePerGpuHour is double price ? GpuHours * price : null;

    /// <summary>Full training per GPU on <see cref="TrainingPlan.GpuCount"/> GPUs, at the lowest ZeRO stage that fits.</summary>
    public required MemoryEstimate FullTraining { get; init; }

    /// <summary>The fewest GPUs of this kind that hold full training (ZeRO-3, activation checkpointing); null if even the activations of one micro-batch do not fit.</summary>
    public required int? MinimumGpus { get; init; }

    /// <summary>LoRA on one GPU: frozen BF16 base plus FP32 adapters with AdamW.</summary>
    public required MemoryEstimate Lora { get; init; }

    /// <summary>QLoRA on one GPU: frozen 4-bit NF4 base plus FP32 adapters with AdamW.</summary>
    public required MemoryEstimate QLora { get; init; }

    public required ChinchillaComparison Chinchilla { get; init; }

    public required IReadOnlyList<InferenceEstimate> Inference { get; init; }

    /// <summary>Days on this machine's CPU at its measured SGEMM rate (an optimistic bound: all time in matmuls); null unless measured.</summary>
    public double? CpuDays { get; init; }

    /// <summary>Days the plan's FLOPs take on this CPU at the model FLOP/s its measured training steps achieved; null without a measurement.</summary>
    public double? CpuTrainingDays { get; init; }
}
