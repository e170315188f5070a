using Wren.Runtime;

namespace Wren.Eval.Planning;

/// <summary>
/// Works out what a training run costs before it is paid for: FLOPs, time, GPU-hours, dollars,
/// memory per GPU and the fewest GPUs that hold it, the Chinchilla comparison, and what serving the
/// result needs. Every figure is a closed-form estimate from the formulas documented on each member.
/// </summary>
public static class TrainingPlanner
{
    /// <summary>Share of a GPU's memory a training process can use; the CUDA context, cuBLAS/NCCL workspaces and allocator fragmentation take the rest.</summary>
    public const double UsableMemoryFraction = 0.9;

    /// <summary>
    /// Activation bytes per token per layer in BF16 for a GPT-style block with flash attention:
    /// Korthikanti et al. 2022 ("Reducing Activation Recomputation in Large Transformer Models",
    /// eq. 1) give s·b·h·(34 + 5·a·s/h); the 5·a·s/h term is the attention score matrices that
    /// flash attention never stores.
    /// </summary>
    public const double ActivationBytesPerTokenPerWidth = 34;

    /// <summary>Bits per parameter of QLoRA's NF4 with double quantization: 4 + 8/64 + 32/(64·256) (Dettmers et al. 2023, section 3).</summary>
    public const double Nf4BitsPerParameter = 4 + 8.0 / 64 + 32.0 / (64 * 256);

    /// <summary>Estimates <paramref name="plan"/>.</summary>
    public static TrainingEstimate Estimate(TrainingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Validate(plan);
        ModelShape m = plan.Model;
        HardwareSpec hw = plan.Hardware;

        double tokens = plan.Tokens * plan.Epochs;
        double dense = DenseFlopsPerToken(m);
        double attention = AttentionFlopsPerToken(m);
        double flops = (dense + attention) * tokens;
        double clusterPeak = hw.PeakFlops * plan.GpuCount;

        double mfu;
        double seconds;
        if (plan.Days is double days)
        {
            seconds = days * 86_400;
            mfu = flops / (clusterPeak * seconds);
            if (mfu > 1)
            {
                throw new WrenException(
                    $"--days {days:G4}: {flops.ToString("0.00e0", System.Globalization.CultureInfo.InvariantCulture)} FLOPs in that time would need {mfu:P0} of the peak of {plan.GpuCount} x {hw.Name}; " +
                    "the run cannot be that fast (check --params, --tokens and --gpus)");
            }
        }
        else
        {
            mfu = plan.Mfu;
            seconds = flops / (clusterPeak * mfu);
        }

        double usable = hw.MemoryBytes * UsableMemoryFraction;
        double cpuDays = plan.Cpu is CpuThroughput cpu ? flops / cpu.SgemmFlops / 86_400 : double.NaN;
        return new TrainingEstimate
        {
            Plan = plan,
            TrainingTokens = tokens,
            DenseFlopsPerToken = dense,
            AttentionFlopsPerToken = attention,
            TrainingFlops = flops,
            Mfu = mfu,
            MfuSolved = plan.Days is not null,
            Seconds = seconds,
            FullTraining = FullTrainingMemory(m, plan.MicroBatch, plan.GpuCount, usable),
            MinimumGpus = MinimumGpus(m, plan.MicroBatch, usable),
            Lora = AdapterMemory(m, plan.MicroBatch, plan.LoraRank, quantizedBase: false, usable),
            QLora = AdapterMemory(m, plan.MicroBatch, plan.LoraRank, quantizedBase: true, usable),
            Chinchilla = CompareWithChinchilla(m.Parameters, tokens, flops),
            Inference = InferenceMemory(m, hw, plan.ContextLength ?? m.SequenceLength, plan.Cpu, usable),
            CpuDays = double.IsNaN(cpuDays) ? null : cpuDays,
            CpuTrainingDays = plan.MeasuredTraining is { } measured ? flops / measured.ModelFlopsPerSecond / 86_400 : null,
        };
    }

    /// <summary>6·N (Kaplan et al. 2020 section 2.1; Chinchilla's C = 6ND): 2 FLOPs per weight forward, 4 backward.</summary>
    public static double DenseFlopsPerToken(ModelShape model) => 6 * model.Parameters;

    /// <summary>
    /// 6·L·T·C: per token, QK^T and AV cost 2·T·C FLOPs each forward over the whole context, x3 for
    /// forward and backward = 12·L·T·C (PaLM's 12·L·H·Q·T, appendix B); a causal mask halves the
    /// useful part, giving 6·L·T·C, the term llm.c's <c>gpt2_estimate_mfu</c> adds. Zero when the
    /// shape was only guessed from N.
    /// </summary>
    public static double AttentionFlopsPerToken(ModelShape model) =>
        model.ShapeKnown ? 6.0 * model.Layers * model.SequenceLength * model.Hidden : 0;

    /// <summary>
    /// Model-state bytes per GPU for mixed-precision AdamW over <paramref name="gpus"/> data-parallel
    /// GPUs at ZeRO <paramref name="stage"/> (Rajbhandari et al. 2020, figure 1): 2+2+12 bytes per
    /// parameter; stage 1 shards the 12, stage 2 also the gradients' 2, stage 3 also the weights' 2.
    /// </summary>
    public static (double Weights, double Gradients, double Optimizer, double Master) ModelStateBytes(
        double parameters, int stage, int gpus)
    {
        double n = parameters;
        double shard = gpus;
        double weights = 2 * n / (stage >= 3 ? shard : 1);
        double gradients = 2 * n / (stage >= 2 ? shard : 1);
        double optimizer = 8 * n / (stage >= 1 ? shard : 1);
        double master = 4 * n / (stage >= 1 ? shard : 1);
        return (weights, gradients, optimizer, master);
    }

    /// <summary>
    /// Activation bytes per GPU for one micro-batch of <paramref name="microBatch"/> sequences.
    /// Stored: 34·C bytes per token per layer (see <see cref="ActivationBytesPerTokenPerWidth"/>),
    /// plus FP32 logits, 4·V per token. With checkpointing only each layer's BF16 input (2·C) is kept
    /// and one layer's 34·C is rebuilt at a time during the backward pass.
    /// </summary>
    public static double ActivationBytes(ModelShape model, int microBatch, bool checkpointing)
    {
        double tokens = (double)microBatch * model.SequenceLength;
        double c = model.Hidden;
        double perToken = checkpointing
            ? model.Layers * 2 * c + ActivationBytesPerTokenPerWidth * c
            : model.Layers * ActivationBytesPerTokenPerWidth * c;
        return tokens * (perToken + 4.0 * model.Vocabulary);
    }

    /// <summary>
    /// Trainable LoRA parameters with rank r on every linear layer of a GPT-style block (QLoRA's
    /// choice): Wq, Wo (C x C) take 2rC each, Wk, Wv (C x C·Hkv/H) r(C + Ckv) each, the MLP's
    /// C x 4C and 4C x C take 5rC each.
    /// </summary>
    public static double LoraParameters(ModelShape model, int rank)
    {
        double c = model.Hidden;
        double kv = model.KeyValueWidth;
        double perLayer = rank * (2 * c + 2 * c + 2 * (c + kv) + 10 * c);
        return model.Layers * perLayer;
    }

    private static MemoryEstimate FullTrainingMemory(ModelShape m, int microBatch, int gpus, double usable)
    {
        int maxStage = gpus > 1 ? 3 : 0;
        foreach (bool checkpointing in (ReadOnlySpan<bool>)[false, true])
        {
            double activations = ActivationBytes(m, microBatch, checkpointing);
            for (int stage = 0; stage <= maxStage; stage++)
            {
                MemoryEstimate e = Full(m, stage, gpus, activations, checkpointing, usable);
                if (e.Fits)
                {
                    return e;
                }
            }
        }
        return Full(m, maxStage, gpus, ActivationBytes(m, microBatch, checkpointing: true), true, usable);
    }

    private static MemoryEstimate Full(ModelShape m, int stage, int gpus, double activations, bool checkpointing, double usable)
    {
        var (weights, gradients, optimizer, master) = ModelStateBytes(m.Parameters, stage, gpus);
        double total = weights + gradients + optimizer + master + activations;
        return new MemoryEstimate
        {
            Method = "full",
            WeightBytes = weights,
            GradientBytes = gradients,
            OptimizerBytes = optimizer,
            MasterWeightBytes = master,
            ActivationBytes = activations,
            ActivationCheckpointing = checkpointing,
            ZeroStage = stage,
            TrainableParameters = m.Parameters,
            Fits = total <= usable,
        };
    }

    private static int? MinimumGpus(ModelShape m, int microBatch, double usable)
    {
        double activations = ActivationBytes(m, microBatch, checkpointing: true);
        if (activations >= usable)
        {
            return null; // one micro-batch does not fit: needs tensor or sequence parallelism.
        }
        double states = 16 * m.Parameters;
        if (states + activations <= usable)
        {
            return 1;
        }
        return (int)Math.Ceiling(states / (usable - activations));
    }

    private static MemoryEstimate AdapterMemory(ModelShape m, int microBatch, int rank, bool quantizedBase, double usable)
    {
        double adapters = LoraParameters(m, rank);
        double baseBytes = quantizedBase
            ? (m.Parameters - m.EmbeddingParameters) * Nf4BitsPerParameter / 8 + m.EmbeddingParameters * 2
            : m.Parameters * 2;
        double states = baseBytes + 16 * adapters;
        double activations = ActivationBytes(m, microBatch, checkpointing: false);
        bool checkpointing = states + activations > usable;
        if (checkpointing)
        {
            activations = ActivationBytes(m, microBatch, checkpointing: true);
        }
        return new MemoryEstimate
        {
            Method = quantizedBase ? "QLoRA" : "LoRA",
            WeightBytes = baseBytes,
            GradientBytes = 4 * adapters,
            OptimizerBytes = 8 * adapters,
            MasterWeightBytes = 4 * adapters,
            ActivationBytes = activations,
            ActivationCheckpointing = checkpointing,
            ZeroStage = 0,
            TrainableParameters = adapters,
            Fits = states + activations <= usable,
        };
    }

    /// <summary>Compares D with 20·N, and finds the compute-optimal N for the same FLOPs (C = 6·N·20·N).</summary>
    public static ChinchillaComparison CompareWithChinchilla(double parameters, double tokens, double flops)
    {
        double optimalParameters = Math.Sqrt(flops / (6 * ChinchillaComparison.TokensPerParameter));
        return new ChinchillaComparison
        {
            OptimalTokens = ChinchillaComparison.TokensPerParameter * parameters,
            Ratio = tokens / (ChinchillaComparison.TokensPerParameter * parameters),
            ComputeOptimalParameters = optimalParameters,
            ComputeOptimalTokens = ChinchillaComparison.TokensPerParameter * optimalParameters,
        };
    }

    /// <summary>F16 KV cache bytes for one sequence of <paramref name="contextLength"/> tokens: 2·L·ctx·(C·Hkv/H)·2.</summary>
    public static double KeyValueCacheBytes(ModelShape model, int contextLength) =>
        2.0 * model.Layers * contextLength * model.KeyValueWidth * 2;

    private static List<InferenceEstimate> InferenceMemory(ModelShape m, HardwareSpec hw, int context, CpuThroughput? cpu, double usable)
    {
        double kv = KeyValueCacheBytes(m, context);
        var result = new List<InferenceEstimate>(WeightFormat.All.Count);
        foreach (WeightFormat format in WeightFormat.All)
        {
            double weights = m.Parameters * format.BitsPerWeight / 8;
            double bytesPerToken = weights + kv;
            result.Add(new InferenceEstimate
            {
                Format = format,
                WeightBytes = weights,
                KeyValueCacheBytes = kv,
                ContextLength = context,
                FitsOnGpu = bytesPerToken <= usable,
                GpuDecodeTokensPerSecond = hw.MemoryBandwidth / bytesPerToken,
                CpuDecodeTokensPerSecond = cpu is null ? null : cpu.CopyBandwidth / bytesPerToken,
            });
        }
        return result;
    }

    private static void Validate(TrainingPlan plan)
    {
        if (!(plan.Tokens > 0))
        {
            throw new WrenException($"--tokens must be positive, got {plan.Tokens}");
        }
        if (!(plan.Epochs > 0))
        {
            throw new WrenException($"--epochs must be positive, got {plan.Epochs}");
        }
        if (plan.GpuCount < 1)
        {
            throw new WrenException($"--gpus must be at least 1, got {plan.GpuCount}");
        }
        if (plan.Days is null && !(plan.Mfu > 0 && plan.Mfu <= 1))
        {
            throw new WrenException($"--mfu must be in (0, 1], got {plan.Mfu}");
        }
        if (plan.Days is double d && !(d > 0))
        {
            throw new WrenException($"--days must be positive, got {d}");
        }
        if (plan.PricePerGpuHour is double p && !(p >= 0))
        {
            throw new WrenException($"--price must not be negative, got {p}");
        }
        if (plan.LoraRank < 1)
        {
            throw new WrenException($"--lora-rank must be at least 1, got {plan.LoraRank}");
        }
        if (plan.MicroBatch < 1)
        {
            throw new WrenException($"--micro-batch must be at least 1, got {plan.MicroBatch}");
        }
        if (plan.ContextLength is < 1)
        {
            throw new WrenException($"--context must be at least 1, got {plan.ContextLength}");
        }
    }
}
