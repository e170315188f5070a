namespace Wren.Eval.Planning;

/// <summary>
/// What a training run would be: the model, the data, the hardware and how well it is used. Give
/// either <see cref="Mfu"/> (time is computed) or <see cref="Days"/> (the MFU that time implies is
/// computed).
/// </summary>
public sealed record TrainingPlan
{
    public required ModelShape Model { get; init; }

    /// <summary>Tokens in one pass over the data (D per epoch).</summary>
    public required double Tokens { get; init; }

    /// <summary>Passes over the data; D = Tokens x Epochs.</summary>
    public double Epochs { get; init; } = 1;

    public required HardwareSpec Hardware { get; init; }

    /// <summary>Accelerators trained on in parallel.</summary>
    public int GpuCount { get; init; } = 1;

    /// <summary>Price of one accelerator for one hour, in US dollars; null leaves cost out.</summary>
    public double? PricePerGpuHour { get; init; }

    /// <summary>
    /// Model FLOPs utilisation: achieved model FLOP/s over peak. 0.4 is a fair guess for a tuned
    /// PyTorch run; llm.c and Phi-2 report about 0.6. Ignored when <see cref="Days"/> is set.
    /// </summary>
    public double Mfu { get; init; } = 0.4;

    /// <summary>Wall-clock days of a run that happened; when set, the planner solves for MFU instead of time.</summary>
    public double? Days { get; init; }

    /// <summary>LoRA rank r for the adapter estimates.</summary>
    public int LoraRank { get; init; } = 16;

    /// <summary>Sequences per GPU per forward pass (the micro-batch); activation memory scales with it.</summary>
    public int MicroBatch { get; init; } = 1;

    /// <summary>Context length for the inference KV cache; null uses the training sequence length.</summary>
    public int? ContextLength { get; init; }

    /// <summary>This machine's CPU, when measured, so its decode speed and training time are shown beside the GPU's.</summary>
    public CpuThroughput? Cpu { get; init; }

    /// <summary>Training steps measured on this CPU (<c>--measure</c>), or null.</summary>
    public MeasuredTraining? MeasuredTraining { get; init; }
}
