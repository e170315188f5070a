using Wren.Runtime;

namespace Wren.Eval.Planning;

/// <summary>
/// Prices a fine-tune before renting: FLOPs for the task's tokens, time at an assumed utilisation on the chosen GPUs,
/// GPU-hours and dollars, and the memory the method needs (from <see cref="TrainingPlanner"/>'s model of weights,
/// optimizer state and activations).
/// </summary>
public static class FineTunePlanner
{
    /// <summary>
    /// QLoRA's throughput relative to LoRA at the same FLOPs: the 4-bit weights are dequantized in every forward and
    /// backward matmul. An assumption (reports put QLoRA 30–40% slower than 16-bit LoRA), stated in the summary.
    /// </summary>
    public const double QLoraThroughput = 0.7;

    public static FineTuneEstimate Estimate(FineTunePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!(plan.Tokens > 0)) throw new WrenException($"the fine-tune has no tokens to train on ({plan.Tokens})");
        if (!(plan.Epochs > 0)) throw new WrenException($"--epochs must be positive, got {plan.Epochs}");
        if (plan.GpuCount <= 0) throw new WrenException($"--gpus must be positive, got {plan.GpuCount}");
        if (plan.Mfu is <= 0 or > 1) throw new WrenException($"--mfu must be in (0, 1], got {plan.Mfu}");
        string method = plan.Method.ToLowerInvariant();
        if (method is not ("lora" or "qlora" or "full")) throw new WrenException($"--method '{plan.Method}': expected lora, qlora or full");

        double tokens = plan.Tokens * plan.Epochs;
        double flopsPerToken = FlopsPerToken(plan.Model, full: method == "full");
        double flops = flopsPerToken * tokens;
        double mfu = method == "qlora" ? plan.Mfu * QLoraThroughput : plan.Mfu;
        double seconds = flops / (plan.Hardware.PeakFlops * plan.GpuCount * mfu);

        // The memory model is TrainingPlanner's: the same shape, batch and rank give its full, LoRA and QLoRA figures.
        var training = TrainingPlanner.Estimate(new TrainingPlan
        {
            Model = plan.Model,
            Tokens = tokens,
            Hardware = plan.Hardware,
            GpuCount = plan.GpuCount,
            LoraRank = plan.LoraRank,
            MicroBatch = plan.MicroBatch,
        });
        var memory = method switch { "full" => training.FullTraining, "qlora" => training.QLora, _ => training.Lora };
        return new FineTuneEstimate
        {
            Plan = plan,
            TrainingTokens = tokens,
            FlopsPerToken = flopsPerToken,
            TrainingFlops = flops,
            Mfu = mfu,
            Seconds = seconds,
            Memory = memory,
        };
    }

    /// <summary>
    /// Full: 6·N plus attention, as pretraining. LoRA and QLoRA: the base's weights get no gradients, so the backward
    /// pass skips the weight-gradient matmuls (2·N) and keeps the input-gradient ones: 4·N, plus the same attention
    /// FLOPs (attention has no weights; its backward is all input gradients). The adapters' own FLOPs (2·r·(in+out)
    /// per projection) are under 1% at r = 16 and left out.
    /// </summary>
    public static double FlopsPerToken(ModelShape model, bool full) =>
        (full ? TrainingPlanner.DenseFlopsPerToken(model) : 4 * model.Parameters) + TrainingPlanner.AttentionFlopsPerToken(model);
}
