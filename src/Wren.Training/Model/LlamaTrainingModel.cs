using Wren.Runtime;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Formats.Safetensors;
using Wren.Runtime.Kernels;
using Wren.Runtime.Models;
using Wren.Runtime.Models.Architectures;
using Wren.Runtime.Threading;
using Wren.Training.Layers;
using Wren.Training.Lora;

namespace Wren.Training.Model;

/// <summary>
/// A Llama-family decoder (every architecture <see cref="ModelArchitectures"/> describes; parameters from its description) for training on the CPU, written like llm.c: parameters and
/// gradients each in one allocation, every activation the backward pass needs preallocated for B x T, and an
/// explicit forward and backward per layer. Dimension letters: B batch, T time, M = B T rows, C hidden,
/// H heads, Hkv KV heads, D head size, F MLP width, V vocabulary, L layers.
/// With LoRA, the base parameters are frozen (no gradient is computed for them) and only the adapters train.
/// With <see cref="TrainingComputeOptions.CheckpointActivations"/>, every layer keeps only its input; the other
/// activations live in one set shared by all layers and a layer's forward is recomputed just before its backward.
/// </summary>
public sealed unsafe class LlamaTrainingModel : Backend.ITrainingBackend
{
    private readonly ParallelLoop _loop;
    private readonly TrainingGemm _gemm;
    private readonly LayerState[] _layers;
    private readonly AttentionLayer.Shape _shape;
    private readonly float[] _ropeCos, _ropeSin, _ropeNegSin;
    private readonly int _half;

    // Gemma: the sliding layers' rotary tables (local base), √C on the embeddings, and the (1 + w) multipliers of every
    // norm, refreshed from the parameters at each forward (the gradient of 1 + w is the gradient of w).
    private readonly float[]? _localRopeCos, _localRopeSin, _localRopeNegSin;
    private readonly float _embeddingScale = 1f;
    private readonly List<(TensorSlice Weight, TensorSlice Multiplier)> _normMultipliers = [];
    private readonly TensorSlice _dProjection;
    private readonly bool _geluTanh;

    // Parameters shared by all layers.
    private readonly TensorSlice _embed, _embedGrad, _finalNorm, _finalNormGrad, _head, _headGrad;

    // Activations after the last layer.
    private readonly TensorSlice _residualOut, _normedFinal, _rstdFinal, _logits, _rowLoss;

    // Gradient scratch shared by all layers (the backward pass walks one layer at a time).
    private readonly TensorSlice _dResidual, _dNormed, _dQuery, _dKey, _dQueryRaw, _dKeyRaw, _dValue, _dAttention, _dActivated, _dGate, _dUp, _linearScratch, _loraScratch, _loraOutput;
    private readonly float[][] _attentionScratch;
    private readonly AttentionWorkspace[] _attentionWork;

    private readonly int[] _inputs, _targets;
    private readonly bool _trainBase;

    // The head on the scored rows only: when at most half the rows have a target (fine-tuning on answers, a
    // classifier's one label token per sequence), those rows are gathered and only they go through the [C, V] head.
    private readonly int[] _headRows;
    private readonly TensorSlice _gathered;
    private int _headCount;
    private bool _sparseHead;

    // A head over a few candidate tokens only (a classifier's labels): their rows of the head, gathered.
    private int[]? _scoredTokens;
    private int[]? _tokenSlot;
    private TensorSlice _subsetHead, _subsetHeadGrad;

    public LlamaTrainingModel(LlamaConfig config, int batch, int time, WorkerPool pool, LoraSettings? lora = null, TrainingComputeOptions? compute = null)
        : this(config, batch, time, pool, lora, compute, sharedWeights: null, scoredRows: null)
    {
    }

    /// <summary>
    /// A model of another shape over the SAME parameters, gradients and adapters as <paramref name="sharedWeights"/>
    /// (so one optimizer trains both): batches of short sequences then run on a model sized for them instead of being
    /// padded to the longest. <paramref name="scoredRows"/> bounds how many rows per batch may have a target, which sizes
    /// the logits buffer ([scoredRows, V] instead of [B x T, V]); a batch with more is an error.
    /// </summary>
    public LlamaTrainingModel(LlamaTrainingModel sharedWeights, int batch, int time, int? scoredRows = null)
        : this(sharedWeights.Config, batch, time, sharedWeights.Pool, sharedWeights.LoraSettings, sharedWeights.Compute, sharedWeights, scoredRows)
    {
    }

    private LlamaTrainingModel(LlamaConfig config, int batch, int time, WorkerPool pool, LoraSettings? lora, TrainingComputeOptions? compute, LlamaTrainingModel? sharedWeights, int? scoredRows)
    {
        config.Validate("model config");
        if (batch <= 0) throw new ArgumentOutOfRangeException(nameof(batch));
        if (time <= 0) throw new ArgumentOutOfRangeException(nameof(time));
        if (time > config.MaxPositionEmbeddings)
            throw new WrenException($"sequence length {time} exceeds the model's max_position_embeddings {config.MaxPositionEmbeddings}");
        lora?.Validate();
        if (config.AttnLogitSoftcapping is not null || config.FinalLogitSoftcapping is not null)
            throw new WrenException($"{config.ArchitectureName}: logit soft-capping (Gemma 2) is not in the trainer; Gemma 3 and the Llama family train");
        if (ModelArchitectures.Of(config.Architecture) is { ParallelAttentionAndFeedForward: true } or { GatedFeedForward: false } or { Norm: not NormKind.RmsNorm })
            throw new WrenException($"{config.ArchitectureName}: LayerNorm, the parallel attention/feed-forward layer and the ungated GELU feed-forward (Phi-2) are not in the trainer; it runs, exports and serves, but fine-tune Phi-3, Gemma 3, Qwen3 or the Llama family instead");
        Config = config;
        Batch = batch;
        Time = time;
        LoraSettings = lora;
        _trainBase = lora is null;
        Compute = compute ?? new TrainingComputeOptions();
        _loop = new ParallelLoop(pool);
        _gemm = new TrainingGemm(_loop) { RoundInputsToBf16 = Compute.Bf16MatrixProducts };

        int C = config.HiddenSize, D = config.HeadDim, H = config.NumAttentionHeads, Hkv = config.NumKeyValueHeads;
        int F = config.IntermediateSize, V = config.VocabSize, L = config.NumHiddenLayers, M = batch * time;
        _shape = new AttentionLayer.Shape(batch, time, H, Hkv, D) { Scale = config.AttentionScale };
        Parameters = sharedWeights?.Parameters ?? new ParameterSet(ParameterSpecs(config));
        if (lora is not null) Adapters = sharedWeights?.Adapters ?? new ParameterSet(LoraSpecs(config, lora));
        ScoredRows = Math.Clamp(scoredRows ?? M, 1, M);

        var names = ModelArchitectures.Of(config.Architecture);
        _embed = Parameters.Value(names.Get(TensorRole.Embedding).HfName);
        _embedGrad = Parameters.Gradient(names.Get(TensorRole.Embedding).HfName);
        bool normAddsOne = names.NormAddsOne;
        if (names.ScalesEmbedding) _embeddingScale = MathF.Sqrt(C);
        _geluTanh = names.Activation == ActivationKind.GeluTanh;
        TensorSlice NormWeight(string name)
        {
            var weight = Parameters.Value(name);
            if (!normAddsOne) return weight;
            var multiplier = TensorSlice.Allocate(weight.Length);
            _normMultipliers.Add((weight, multiplier));
            return multiplier;
        }

        _finalNorm = NormWeight(names.Get(TensorRole.FinalNorm).HfName);
        _finalNormGrad = Parameters.Gradient(names.Get(TensorRole.FinalNorm).HfName);
        _head = config.TieWordEmbeddings ? _embed : Parameters.Value(names.Get(TensorRole.LmHead).HfName);
        _headGrad = config.TieWordEmbeddings ? _embedGrad : Parameters.Gradient(names.Get(TensorRole.LmHead).HfName);

        var arch = ModelArchitectures.Of(config.Architecture);
        bool qkNorm = arch.Find(TensorRole.QueryNorm) is not null;
        bool sandwich = arch.Find(TensorRole.AttentionOutputNorm) is not null;
        _layers = new LayerState[L];
        LayerState? shared = null; // with checkpointing: the one set of recomputed activations
        for (int l = 0; l < L; l++)
        {
            string Name(TensorRole role) => arch.Get(role).HfNameOf(l);
            _layers[l] = new LayerState
            {
                Q = Slot(arch, TensorRole.Query, l, M),
                K = Slot(arch, TensorRole.Key, l, M),
                V = Slot(arch, TensorRole.Value, l, M),
                O = Slot(arch, TensorRole.Output, l, M),
                Gate = Slot(arch, TensorRole.Gate, l, M),
                Up = Slot(arch, TensorRole.Up, l, M),
                Down = Slot(arch, TensorRole.Down, l, M),
                Norm1 = NormWeight(Name(TensorRole.AttentionNorm)),
                Norm1Grad = Parameters.Gradient(Name(TensorRole.AttentionNorm)),
                Norm2 = NormWeight(Name(TensorRole.FeedForwardNorm)),
                Norm2Grad = Parameters.Gradient(Name(TensorRole.FeedForwardNorm)),
                QueryNorm = arch.Find(TensorRole.QueryNorm) is { } qn ? NormWeight(qn.HfNameOf(l)) : null,
                QueryNormGrad = arch.Find(TensorRole.QueryNorm) is { } qg ? Parameters.Gradient(qg.HfNameOf(l)) : null,
                KeyNorm = arch.Find(TensorRole.KeyNorm) is { } kn ? NormWeight(kn.HfNameOf(l)) : null,
                KeyNormGrad = arch.Find(TensorRole.KeyNorm) is { } kg ? Parameters.Gradient(kg.HfNameOf(l)) : null,
                QueryRaw = !qkNorm ? null : shared?.QueryRaw ?? TensorSlice.Allocate(M * H * D),
                KeyRaw = !qkNorm ? null : shared?.KeyRaw ?? TensorSlice.Allocate(M * Hkv * D),
                QueryRstd = !qkNorm ? null : shared?.QueryRstd ?? TensorSlice.Allocate(M * H),
                KeyRstd = !qkNorm ? null : shared?.KeyRstd ?? TensorSlice.Allocate(M * Hkv),
                AttentionOutputNorm = sandwich ? NormWeight(Name(TensorRole.AttentionOutputNorm)) : null,
                AttentionOutputNormGrad = sandwich ? Parameters.Gradient(Name(TensorRole.AttentionOutputNorm)) : null,
                FeedForwardOutputNorm = sandwich ? NormWeight(Name(TensorRole.FeedForwardOutputNorm)) : null,
                FeedForwardOutputNormGrad = sandwich ? Parameters.Gradient(Name(TensorRole.FeedForwardOutputNorm)) : null,
                AttentionProjection = !sandwich ? null : shared?.AttentionProjection ?? TensorSlice.Allocate(M * C),
                AttentionProjectionRstd = !sandwich ? null : shared?.AttentionProjectionRstd ?? TensorSlice.Allocate(M),
                FeedForwardProjection = !sandwich ? null : shared?.FeedForwardProjection ?? TensorSlice.Allocate(M * C),
                FeedForwardProjectionRstd = !sandwich ? null : shared?.FeedForwardProjectionRstd ?? TensorSlice.Allocate(M),
                ResidualIn = TensorSlice.Allocate(M * C),
                Normed1 = shared?.Normed1 ?? TensorSlice.Allocate(M * C),
                Rstd1 = shared?.Rstd1 ?? TensorSlice.Allocate(M),
                Query = shared?.Query ?? TensorSlice.Allocate(M * H * D),
                Key = shared?.Key ?? TensorSlice.Allocate(M * Hkv * D),
                Value = shared?.Value ?? TensorSlice.Allocate(M * Hkv * D),
                Probabilities = shared?.Probabilities ?? TensorSlice.Allocate(batch * H * time * time),
                AttentionOut = shared?.AttentionOut ?? TensorSlice.Allocate(M * H * D),
                ResidualMid = shared?.ResidualMid ?? TensorSlice.Allocate(M * C),
                Normed2 = shared?.Normed2 ?? TensorSlice.Allocate(M * C),
                Rstd2 = shared?.Rstd2 ?? TensorSlice.Allocate(M),
                GateOut = shared?.GateOut ?? TensorSlice.Allocate(M * F),
                UpOut = shared?.UpOut ?? TensorSlice.Allocate(M * F),
                Activated = shared?.Activated ?? TensorSlice.Allocate(M * F),
            };
            if (Compute.CheckpointActivations) shared = _layers[l];
        }

        _residualOut = TensorSlice.Allocate(M * C);
        _normedFinal = TensorSlice.Allocate(M * C);
        _rstdFinal = TensorSlice.Allocate(M);
        _logits = TensorSlice.Allocate((long)ScoredRows * V > int.MaxValue ? throw new WrenException($"a logits buffer of {ScoredRows} x {V} is too large") : ScoredRows * V);
        _rowLoss = TensorSlice.Allocate(M);
        int widest = Math.Max(Math.Max(C, F), H * D);
        _dResidual = TensorSlice.Allocate(M * C);
        _dNormed = TensorSlice.Allocate(M * C);
        _dQuery = TensorSlice.Allocate(M * H * D);
        _dKey = TensorSlice.Allocate(M * Hkv * D);
        _dQueryRaw = TensorSlice.Allocate(qkNorm ? M * H * D : 0);
        _dKeyRaw = TensorSlice.Allocate(qkNorm ? M * Hkv * D : 0);
        _dValue = TensorSlice.Allocate(M * Hkv * D);
        _dAttention = TensorSlice.Allocate(M * H * D);
        _dActivated = TensorSlice.Allocate(M * F);
        _dGate = TensorSlice.Allocate(M * F);
        _dUp = TensorSlice.Allocate(M * F);
        _dProjection = TensorSlice.Allocate(sandwich ? M * C : 0);
        _linearScratch = TensorSlice.Allocate(M * widest);
        _loraScratch = TensorSlice.Allocate(lora is null ? 0 : M * lora.Rank);
        _loraOutput = TensorSlice.Allocate(lora is null ? 0 : M * widest);
        _attentionScratch = new float[pool.ThreadCount][];
        for (int i = 0; i < _attentionScratch.Length; i++) _attentionScratch[i] = new float[Math.Max(Math.Max(time, C), D)];
        _attentionWork = new AttentionWorkspace[pool.ThreadCount];
        for (int i = 0; i < _attentionWork.Length; i++) _attentionWork[i] = new AttentionWorkspace(time, D);
        _inputs = new int[M];
        _targets = new int[M];
        _headRows = new int[M];
        _gathered = TensorSlice.Allocate(M * C);

        var rope = new RotaryEmbedding(config, time);
        _half = rope.Half;
        _ropeCos = new float[time * _half];
        _ropeSin = new float[time * _half];
        _ropeNegSin = new float[time * _half];
        for (int t = 0; t < time; t++)
        {
            rope.Cos(t).CopyTo(_ropeCos.AsSpan(t * _half));
            rope.Sin(t).CopyTo(_ropeSin.AsSpan(t * _half));
            for (int i = 0; i < _half; i++) _ropeNegSin[t * _half + i] = -_ropeSin[t * _half + i];
        }

        if (config.LocalRopeTheta is { } localTheta)
        {
            var local = new RotaryEmbedding(config with { RopeTheta = localTheta, RopeScaling = RopeScaling.None }, time);
            _localRopeCos = new float[time * _half];
            _localRopeSin = new float[time * _half];
            _localRopeNegSin = new float[time * _half];
            for (int t = 0; t < time; t++)
            {
                local.Cos(t).CopyTo(_localRopeCos.AsSpan(t * _half));
                local.Sin(t).CopyTo(_localRopeSin.AsSpan(t * _half));
                for (int i = 0; i < _half; i++) _localRopeNegSin[t * _half + i] = -_localRopeSin[t * _half + i];
            }
        }

        long perLayer = 3L * M * C + 2 * M + 2L * M * H * D + 2L * M * Hkv * D + (long)batch * H * time * time + 3L * M * F
            + (qkNorm ? (long)M * (H + Hkv) * (D + 1) : 0) + (sandwich ? 2L * M * (C + 1) : 0);
        int holdingAll = Compute.CheckpointActivations ? Math.Min(1, L) : L;
        ActivationFloats = checked(L * (long)M * C + holdingAll * perLayer + 3L * M * C + M + (long)ScoredRows * V + M);
    }

    public LlamaConfig Config { get; }

    /// <summary>Most rows per batch that may have a target (the logits buffer's rows).</summary>
    public int ScoredRows { get; }

    /// <summary>Runs the head on every row even when few are scored (the reference the sparse head is tested against).</summary>
    internal bool DenseHeadOnly { get; set; }

    /// <summary>
    /// Restricts the softmax to these tokens (null: the whole vocabulary). A classifier whose labels are single tokens
    /// trains on the cross-entropy over its labels alone: the same ranking and the same calibrated probabilities as
    /// the label log-likelihoods it is scored by (the full softmax's normaliser is shared by all labels and cancels),
    /// while the head's gradient reaches only the label rows instead of pushing every vocabulary row (with tied
    /// embeddings, every input embedding) down. Every target must be one of them.
    /// </summary>
    public IReadOnlyList<int>? ScoredTokens
    {
        get => _scoredTokens;
        set
        {
            if (value is null)
            {
                _scoredTokens = null;
                _tokenSlot = null;
                return;
            }

            int V = Config.VocabSize, C = Config.HiddenSize;
            var slot = new int[V];
            Array.Fill(slot, -1);
            for (int i = 0; i < value.Count; i++)
            {
                if ((uint)value[i] >= (uint)V) throw new ArgumentOutOfRangeException(nameof(value), $"token {value[i]} is outside the vocabulary");
                if (slot[value[i]] >= 0) throw new ArgumentException($"token {value[i]} is listed twice", nameof(value));
                slot[value[i]] = i;
            }

            _scoredTokens = [.. value];
            _tokenSlot = slot;
            _subsetHead = TensorSlice.Allocate(value.Count * C);
            _subsetHeadGrad = TensorSlice.Allocate(value.Count * C);
        }
    }

    /// <summary>Logits per scored row: the vocabulary, or the <see cref="ScoredTokens"/>.</summary>
    public int LogitWidth => _scoredTokens?.Length ?? Config.VocabSize;

    public int Batch { get; }

    public int Time { get; }

    public LoraSettings? LoraSettings { get; }

    /// <summary>Activation checkpointing and BF16 products.</summary>
    public TrainingComputeOptions Compute { get; }

    /// <summary>All base parameters (HF names); frozen when LoRA adapters are trained.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>LoRA adapters (PEFT names without the <c>base_model.model.</c> prefix and without the adapter name), or null.</summary>
    public ParameterSet? Adapters { get; }

    /// <summary>The parameters the optimizer updates: the adapters with LoRA, else the whole model.</summary>
    public ParameterSet Trainable => Adapters ?? Parameters;

    /// <summary>Floats held for activations (what a B x T step needs beyond parameters, gradients and optimizer state).</summary>
    public long ActivationFloats { get; }

    public WorkerPool Pool => _loop.Pool;

    /// <summary>The matrix products of this model (their running time and FLOPs, for a step's breakdown).</summary>
    public TrainingGemm MatrixProducts => _gemm;

    /// <summary>Model FLOPs for one token's forward and backward: 6 N (matrix products) plus attention (6 L T D H, causal half of 12).</summary>
    public double FlopsPerToken
    {
        get
        {
            // The embedding lookup costs no FLOPs; the head matmul does (tied: the one copy counted is the head).
            long n = Config.ParameterCount - (Config.TieWordEmbeddings ? 0 : (long)Config.VocabSize * Config.HiddenSize);
            return 6.0 * n + 6.0 * Config.NumHiddenLayers * Time * Config.HeadDim * Config.NumAttentionHeads;
        }
    }

    /// <summary>HF parameter names, shapes, and whether the optimizer decays them (matrices yes, norms and biases no), from the architecture's description.</summary>
    public static IEnumerable<(string Name, int[] Shape, bool Decay)> ParameterSpecs(LlamaConfig config) =>
        ModelArchitectures.Of(config.Architecture).TensorsOf(config).Select(t => (t.HfName, t.Shape, t.Description.IsMatrix));

    /// <summary>
    /// LoRA tensors in PEFT's naming (module path + <c>.lora_A.weight</c> [r, in] / <c>.lora_B.weight</c> [out, r]) for every
    /// layer linear the architecture describes whose module name (<c>q_proj</c>) is one of the targets.
    /// </summary>
    public static IEnumerable<(string Name, int[] Shape, bool Decay)> LoraSpecs(LlamaConfig config, LoraSettings lora)
    {
        foreach (var t in ModelArchitectures.Of(config.Architecture).TensorsOf(config))
        {
            if (!t.Description.IsLayerLinear) continue;
            string module = t.Description.ModuleOf(t.Layer);
            if (!lora.Targets.Contains(module[(module.LastIndexOf('.') + 1)..]) && !TargetsAPart(t.Role, lora.Targets)) continue;
            int output = t.Shape[0], input = t.Shape[1];
            yield return (module + ".lora_A.weight", [lora.Rank, input], true);
            yield return (module + ".lora_B.weight", [output, lora.Rank], true);
        }
    }

    /// <summary>
    /// Whether a fused projection is adapted because one of its parts is a target: q_proj, k_proj or v_proj adapt Phi-3's
    /// qkv_proj (PEFT's default for phi3 is qkv_proj, as q_proj and v_proj are for Llama), gate_proj or up_proj its gate_up_proj.
    /// </summary>
    private static bool TargetsAPart(TensorRole fused, IReadOnlyList<string> targets) => fused switch
    {
        TensorRole.QueryKeyValue => targets.Contains("q_proj") || targets.Contains("k_proj") || targets.Contains("v_proj"),
        TensorRole.GateUp => targets.Contains("gate_proj") || targets.Contains("up_proj"),
        _ => false,
    };

    /// <summary>
    /// One projection's parameters. A projection stored fused with others (Phi-3's q/k/v in <c>qkv_proj</c>, gate/up in
    /// <c>gate_up_proj</c>) is its rows of the fused weight, gradient and lora_B, and shares the fused lora_A: the
    /// gradients of the parts land in the fused tensors, which the optimizer, checkpoints and PEFT adapters see whole.
    /// </summary>
    private LinearSlot Slot(ArchitectureDescription arch, TensorRole role, int layer, int rows)
    {
        var (weight, firstRow) = arch.Find(role) is { } own ? (own, 0) : FusedPart(arch, role);
        string name = weight.ModuleOf(layer);
        int[] shape = weight.Role == role ? weight.ShapeFor(Config) : PartShape(role);
        int inputs = shape[1], outputs = shape[0];
        bool bias = arch.Find(TensorDescription.BiasOf(role)!.Value) is { } b && b.IsPresentIn(Config);
        var slot = new LinearSlot
        {
            Name = name,
            In = inputs,
            Out = outputs,
            Weight = Parameters.Value(name + ".weight").Slice(firstRow * inputs, outputs * inputs),
            WeightGrad = Parameters.Gradient(name + ".weight").Slice(firstRow * inputs, outputs * inputs),
            Bias = bias ? Parameters.Value(name + ".bias") : null,
            BiasGrad = bias ? Parameters.Gradient(name + ".bias") : null,
        };
        if (Adapters is not null && Adapters.Contains(name + ".lora_A.weight"))
        {
            int r = LoraSettings!.Rank;
            slot.LoraA = Adapters.Value(name + ".lora_A.weight");
            slot.LoraAGrad = Adapters.Gradient(name + ".lora_A.weight");
            slot.LoraB = Adapters.Value(name + ".lora_B.weight").Slice(firstRow * r, outputs * r);
            slot.LoraBGrad = Adapters.Gradient(name + ".lora_B.weight").Slice(firstRow * r, outputs * r);
            slot.LoraHidden = TensorSlice.Allocate(rows * r);
        }

        return slot;
    }

    /// <summary>The fused tensor holding a projection the architecture does not store alone, and the projection's first row in it.</summary>
    private (TensorDescription Fused, int FirstRow) FusedPart(ArchitectureDescription arch, TensorRole role)
    {
        foreach (var t in arch.Tensors)
        {
            if (!t.IsFused) continue;
            foreach (var (part, firstRow) in WeightBinder.PartsOf(Config, t.Role))
            {
                if (part == role) return (t, firstRow);
            }
        }

        throw new ArgumentOutOfRangeException(nameof(role), role, $"{arch.HfArchitecture} has no {role} projection");
    }

    private int[] PartShape(TensorRole role) => new TensorDescription(role, "", "").ShapeFor(Config);

    /// <summary>Initialises as transformers does for a new model: matrices ~ N(0, 0.02), norms 1, biases 0; LoRA A Kaiming-uniform, B 0.</summary>
    public void InitializeRandom(ulong seed, double std = 0.02)
    {
        var rng = new SeededRandom(seed);
        var values = Parameters.Values.Span;
        foreach (var t in Parameters.Tensors)
        {
            var span = values.Slice(t.Offset, t.Length);
            // A (1 + w) norm (Gemma) starts at w = 0: the multiplier 1.
            if (t.Name.EndsWith("norm.weight", StringComparison.Ordinal)) span.Fill(ModelArchitectures.Of(Config.Architecture).NormAddsOne ? 0f : 1f);
            else if (t.Name.EndsWith(".bias", StringComparison.Ordinal)) span.Clear();
            else rng.FillNormal(span, std);
        }

        InitializeAdapters(seed + 1);
    }

    /// <summary>PEFT's default: A ~ Kaiming-uniform (a = sqrt 5), i.e. U(-1/sqrt(in), 1/sqrt(in)); B = 0 so training starts from the base model.</summary>
    public void InitializeAdapters(ulong seed)
    {
        if (Adapters is null) return;
        var rng = new SeededRandom(seed);
        var values = Adapters.Values.Span;
        foreach (var t in Adapters.Tensors)
        {
            var span = values.Slice(t.Offset, t.Length);
            if (t.Name.EndsWith(".lora_B.weight", StringComparison.Ordinal)) span.Clear();
            else rng.FillUniform(span, 1.0 / Math.Sqrt(t.Shape[1]));
        }
    }

    /// <summary>Loads every base parameter from an HF checkpoint (any float dtype), naming a missing or misshapen tensor.</summary>
    public void LoadFrom(SafetensorsCheckpoint checkpoint)
    {
        foreach (var t in Parameters.Tensors)
        {
            if (!checkpoint.Contains(t.Name)) throw new WrenException($"{checkpoint.Folder}: tensor '{t.Name}' is missing");
            LoadTensor(checkpoint.FileOf(t.Name), t, Parameters.Values.Span, checkpoint.Folder);
        }
    }

    /// <summary>Loads adapter values from tensors named like <see cref="LoraSpecs"/> (an optional prefix such as <c>base_model.model.</c> is stripped).</summary>
    public void LoadAdapters(SafetensorsFile file, string prefix = "base_model.model.")
    {
        if (Adapters is null) throw new InvalidOperationException("the model has no LoRA adapters");
        foreach (var t in Adapters.Tensors)
        {
            string stored = prefix + t.Name;
            if (!file.Tensors.ContainsKey(stored)) throw new WrenException($"{file.Path}: adapter tensor '{stored}' is missing");
            var data = file.ReadAsSingle(stored);
            if (data.Length != t.Length) throw new WrenException($"{file.Path}: '{stored}' has {data.Length} values, expected {t.Length} ([{string.Join(", ", t.Shape)}])");
            data.CopyTo(Adapters.Values.Span.Slice(t.Offset, t.Length));
        }
    }

    internal static void LoadTensor(SafetensorsFile file, ParameterTensor t, Span<float> destination, string source)
    {
        var info = file.GetInfo(t.Name);
        long count = 1;
        foreach (long d in info.Shape) count *= d;
        if (count != t.Length || info.Shape.Length != t.Shape.Length)
            throw new WrenException($"{source}: tensor '{t.Name}' has shape [{string.Join(", ", info.Shape)}], expected [{string.Join(", ", t.Shape)}]");
        file.ReadAsSingle(t.Name).CopyTo(destination.Slice(t.Offset, t.Length));
    }

    /// <summary>
    /// Forward and backward on one batch; gradients are ADDED to the trainable set's gradient buffer (zero it
    /// first; not zeroing accumulates micro-batches). The loss is the mean over targets that are not ignored
    /// (negative); gradients are of <paramref name="gradientScale"/> times that mean.
    /// Shapes: inputs, targets [B, T] row-major.
    /// </summary>
    /// <returns>The mean loss, or NaN when every target is ignored.</returns>
    public float ComputeGradients(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, float gradientScale = 1f)
    {
        float loss = Forward(inputs, targets, gradientScale, computeGradient: true, out _);
        Backward();
        return loss;
    }

    /// <summary>Mean loss over targets that are not ignored, forward only (validation). Returns NaN when all are ignored.</summary>
    public float ComputeLoss(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets) => Forward(inputs, targets, 0f, computeGradient: false, out _);

    /// <summary>Mean loss and how many targets counted.</summary>
    public float ComputeLoss(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, out int counted) => Forward(inputs, targets, 0f, computeGradient: false, out counted);

    /// <summary>
    /// Forward only: the logits of every row whose target is not ignored, in row order, into
    /// <paramref name="destination"/> ([K, <see cref="LogitWidth"/>]); returns K. A classifier reads its labels' logits from these.
    /// </summary>
    public int ComputeTargetLogits(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, Span<float> destination)
    {
        int V = LogitWidth;
        int count = ForwardToLogits(inputs, targets);
        if (destination.Length < (long)count * V) throw new ArgumentException($"destination needs [{count}, {V}] floats", nameof(destination));
        var logits = _logits.Span;
        if (_sparseHead)
        {
            logits[..(count * V)].CopyTo(destination);
        }
        else
        {
            int k = 0;
            for (int m = 0; m < _targets.Length; m++)
                if (_targets[m] >= 0) logits.Slice(m * V, V).CopyTo(destination.Slice(k++ * V, V));
        }

        return count;
    }

    private float Forward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, float gradientScale, bool computeGradient, out int counted)
    {
        int V = LogitWidth;
        int count = ForwardToLogits(inputs, targets);
        var slots = _tokenSlot;
        counted = count;
        float scale = count == 0 ? 0f : gradientScale / count;
        var targetsArray = _targets;
        var rows = _headRows;
        bool sparse = _sparseHead;
        int headRows = sparse ? count : Batch * Time;
        _loop.For(headRows, 8, (start, end, _) =>
        {
            var logits = _logits.Span;
            var losses = _rowLoss.Span;
            for (int m = start; m < end; m++)
            {
                int target = targetsArray[sparse ? rows[m] : m];
                if (slots is not null && target >= 0 && (target = slots[target]) < 0) throw new WrenException($"target {targetsArray[rows[m]]} is not one of the scored tokens");
                losses[m] = CrossEntropyLayer.ForwardBackward(logits.Slice(m * V, V), target, scale, computeGradient);
            }
        });
        if (count == 0) return float.NaN;
        double sum = 0;
        var rowLoss = _rowLoss.Span;
        for (int m = 0; m < headRows; m++) sum += rowLoss[m];
        return (float)(sum / count);
    }

    /// <summary>Every layer, the final norm and the head; returns how many rows have a target.</summary>
    private int ForwardToLogits(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets)
    {
        int M = Batch * Time, C = Config.HiddenSize, V = Config.VocabSize;
        if (inputs.Length != M || targets.Length != M) throw new ArgumentException($"inputs and targets must hold B x T = {M} ids (got {inputs.Length} and {targets.Length})");
        inputs.CopyTo(_inputs);
        targets.CopyTo(_targets);
        float eps = (float)Config.RmsNormEps;
        foreach (var (weight, multiplier) in _normMultipliers)
        {
            var w = weight.Span;
            var mult = multiplier.Span;
            for (int i = 0; i < w.Length; i++) mult[i] = 1f + w[i];
        }

        var embedded = _layers.Length > 0 ? _layers[0].ResidualIn : _residualOut;
        EmbeddingLayer.Forward(_inputs, _embed.Span, C, embedded.Span);
        if (_embeddingScale != 1f) System.Numerics.Tensors.TensorPrimitives.Multiply(embedded.Span, _embeddingScale, embedded.Span);
        for (int l = 0; l < _layers.Length; l++) LayerForward(l, writeOutput: true);

        NormRows(_residualOut, _finalNorm, eps, _normedFinal, _rstdFinal, C);
        int count = 0;
        for (int m = 0; m < M; m++)
            if (_targets[m] >= 0) _headRows[count++] = m;
        _headCount = count;
        _sparseHead = (count * 2 <= M || ScoredRows < M || _scoredTokens is not null) && !DenseHeadOnly;
        if (count > ScoredRows) throw new WrenException($"{count} rows of the batch have a target, but this model scores at most {ScoredRows}");
        if (_sparseHead)
        {
            var normed = _normedFinal.Span;
            var gathered = _gathered.Span;
            for (int k = 0; k < count; k++) normed.Slice(_headRows[k] * C, C).CopyTo(gathered.Slice(k * C, C));
            if (_scoredTokens is { } tokens)
            {
                var head = _head.Span;
                var subset = _subsetHead.Span;
                for (int i = 0; i < tokens.Length; i++) head.Slice(tokens[i] * C, C).CopyTo(subset.Slice(i * C, C));
                if (count > 0) _gemm.Forward(_gathered.Pointer, count, C, _subsetHead.Pointer, tokens.Length, _logits.Pointer);
            }
            else if (count > 0)
            {
                _gemm.Forward(_gathered.Pointer, count, C, _head.Pointer, V, _logits.Pointer);
            }
        }
        else
        {
            _gemm.Forward(_normedFinal.Pointer, M, C, _head.Pointer, V, _logits.Pointer);
        }

        return count;
    }

    /// <summary>
    /// Layer l's forward from its input (ResidualIn) through every activation its backward needs; with
    /// <paramref name="writeOutput"/>, also the next layer's input. Recomputation (checkpointing) skips that write:
    /// the next input is already held and the recomputed values would be the same bits.
    /// </summary>
    private void LayerForward(int l, bool writeOutput)
    {
        int M = Batch * Time, C = Config.HiddenSize;
        float eps = (float)Config.RmsNormEps;
        var layer = _layers[l];
        NormRows(layer.ResidualIn, layer.Norm1, eps, layer.Normed1, layer.Rstd1, C);
        if (layer.QueryRaw is { } qRaw && layer.KeyRaw is { } kRaw)
        {
            // Qwen3: RMSNorm over each head of the projections, before RoPE.
            int D = Config.HeadDim;
            LinearForward(layer.Q, layer.Normed1, qRaw);
            LinearForward(layer.K, layer.Normed1, kRaw);
            NormRows(qRaw, layer.QueryNorm!.Value, eps, layer.Query, layer.QueryRstd!.Value, D, M * Config.NumAttentionHeads);
            NormRows(kRaw, layer.KeyNorm!.Value, eps, layer.Key, layer.KeyRstd!.Value, D, M * Config.NumKeyValueHeads);
        }
        else
        {
            LinearForward(layer.Q, layer.Normed1, layer.Query);
            LinearForward(layer.K, layer.Normed1, layer.Key);
        }

        LinearForward(layer.V, layer.Normed1, layer.Value);
        if (Config.UsesRope(l))
        {
            bool local = Config.UsesLocalRope(l);
            RotateRows(layer.Query, Config.NumAttentionHeads, local ? _localRopeCos! : _ropeCos, local ? _localRopeSin! : _ropeSin);
            RotateRows(layer.Key, Config.NumKeyValueHeads, local ? _localRopeCos! : _ropeCos, local ? _localRopeSin! : _ropeSin);
        }

        var shape = _shape with { Window = Config.WindowOf(l) };
        _loop.For(Batch * Config.NumKeyValueHeads, 1, (start, end, worker) =>
        {
            for (int item = start; item < end; item++)
            {
                AttentionLayer.Forward(shape, item / shape.KvHeads, item % shape.KvHeads, layer.Query.Pointer, layer.Key.Pointer, layer.Value.Pointer,
                    layer.Probabilities.Pointer, layer.AttentionOut.Pointer, _attentionWork[worker]);
            }
        });
        if (layer.AttentionProjection is { } attentionProjection)
        {
            // Gemma: the attention output is normed before the residual add.
            LinearForward(layer.O, layer.AttentionOut, attentionProjection);
            NormRows(attentionProjection, layer.AttentionOutputNorm!.Value, eps, _linearScratch, layer.AttentionProjectionRstd!.Value, C);
        }
        else
        {
            LinearForward(layer.O, layer.AttentionOut, _linearScratch);
        }

        AddRows(layer.ResidualIn, _linearScratch, layer.ResidualMid, C);
        NormRows(layer.ResidualMid, layer.Norm2, eps, layer.Normed2, layer.Rstd2, C);
        LinearForward(layer.Gate, layer.Normed2, layer.GateOut);
        LinearForward(layer.Up, layer.Normed2, layer.UpOut);
        int F = Config.IntermediateSize;
        bool gelu = _geluTanh;
        _loop.For(M, 16, (start, end, _) =>
        {
            var gate = layer.GateOut.Span.Slice(start * F, (end - start) * F);
            var up = layer.UpOut.Span.Slice(start * F, (end - start) * F);
            var activated = layer.Activated.Span.Slice(start * F, (end - start) * F);
            if (gelu) GeGluLayer.Forward(gate, up, activated);
            else SwiGluLayer.Forward(gate, up, activated);
        });
        if (layer.FeedForwardProjection is { } feedForwardProjection)
        {
            LinearForward(layer.Down, layer.Activated, feedForwardProjection);
            NormRows(feedForwardProjection, layer.FeedForwardOutputNorm!.Value, eps, _linearScratch, layer.FeedForwardProjectionRstd!.Value, C);
        }
        else
        {
            LinearForward(layer.Down, layer.Activated, _linearScratch);
        }

        if (writeOutput) AddRows(layer.ResidualMid, _linearScratch, l + 1 < _layers.Length ? _layers[l + 1].ResidualIn : _residualOut, C);
    }

    private void Backward()
    {
        int M = Batch * Time, C = Config.HiddenSize, V = Config.VocabSize, F = Config.IntermediateSize;

        // Head: logits = normedFinal headᵀ; _logits now holds dlogits (of the gathered rows only, with a sparse head).
        _dNormed.Span.Clear();
        if (_sparseHead)
        {
            int K = _headCount;
            if (K > 0)
            {
                var dGathered = _dResidual.Slice(0, K * C);
                dGathered.Span.Clear();
                if (_scoredTokens is { } tokens)
                {
                    int n = tokens.Length;
                    if (_trainBase)
                    {
                        _subsetHeadGrad.Span.Clear();
                        _gemm.AccumulateWeightGradient(_logits.Pointer, K, n, _gathered.Pointer, C, _subsetHeadGrad.Pointer);
                        var headGrad = _headGrad.Span;
                        for (int i = 0; i < n; i++) VectorMath.MultiplyAdd(1f, _subsetHeadGrad.Span.Slice(i * C, C), headGrad.Slice(tokens[i] * C, C));
                    }

                    _gemm.AccumulateInputGradient(_logits.Pointer, K, n, _subsetHead.Pointer, C, dGathered.Pointer);
                }
                else
                {
                    if (_trainBase) _gemm.AccumulateWeightGradient(_logits.Pointer, K, V, _gathered.Pointer, C, _headGrad.Pointer);
                    _gemm.AccumulateInputGradient(_logits.Pointer, K, V, _head.Pointer, C, dGathered.Pointer);
                }

                var dn = _dNormed.Span;
                for (int k = 0; k < K; k++) dGathered.Span.Slice(k * C, C).CopyTo(dn.Slice(_headRows[k] * C, C));
            }
        }
        else
        {
            if (_trainBase) _gemm.AccumulateWeightGradient(_logits.Pointer, M, V, _normedFinal.Pointer, C, _headGrad.Pointer);
            _gemm.AccumulateInputGradient(_logits.Pointer, M, V, _head.Pointer, C, _dNormed.Pointer);
        }

        _dResidual.Span.Clear();
        NormBackward(_dNormed, _residualOut, _finalNorm, _rstdFinal, _dResidual, _finalNormGrad, C);

        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            // With checkpointing the shared activations hold the last layer's forward; recompute every other layer's.
            if (Compute.CheckpointActivations && l != _layers.Length - 1) LayerForward(l, writeOutput: false);
            var layer = _layers[l];

            // MLP: residualOut = residualMid + down(silu(gate(n2)) * up(n2)); _dResidual is d(residualOut).
            _dActivated.Span.Clear();
            if (layer.FeedForwardProjection is { } feedForwardProjection)
            {
                _dProjection.Span.Clear();
                NormBackward(_dResidual, feedForwardProjection, layer.FeedForwardOutputNorm!.Value, layer.FeedForwardProjectionRstd!.Value, _dProjection, layer.FeedForwardOutputNormGrad!.Value, C);
                LinearBackward(layer.Down, _dProjection, layer.Activated, _dActivated);
            }
            else
            {
                LinearBackward(layer.Down, _dResidual, layer.Activated, _dActivated);
            }

            bool gelu = _geluTanh;
            _loop.For(M, 16, (start, end, _) =>
            {
                int o = start * F, n = (end - start) * F;
                if (gelu) GeGluLayer.Backward(_dActivated.Span.Slice(o, n), layer.GateOut.Span.Slice(o, n), layer.UpOut.Span.Slice(o, n), _dGate.Span.Slice(o, n), _dUp.Span.Slice(o, n));
                else SwiGluLayer.Backward(_dActivated.Span.Slice(o, n), layer.GateOut.Span.Slice(o, n), layer.UpOut.Span.Slice(o, n), _dGate.Span.Slice(o, n), _dUp.Span.Slice(o, n));
            });
            _dNormed.Span.Clear();
            LinearBackward(layer.Gate, _dGate, layer.Normed2, _dNormed);
            LinearBackward(layer.Up, _dUp, layer.Normed2, _dNormed);
            NormBackward(_dNormed, layer.ResidualMid, layer.Norm2, layer.Rstd2, _dResidual, layer.Norm2Grad, C);

            // Attention: residualMid = residualIn + o(attn(rope(q(n1)), rope(k(n1)), v(n1))).
            _dAttention.Span.Clear();
            if (layer.AttentionProjection is { } attentionProjection)
            {
                _dProjection.Span.Clear();
                NormBackward(_dResidual, attentionProjection, layer.AttentionOutputNorm!.Value, layer.AttentionProjectionRstd!.Value, _dProjection, layer.AttentionOutputNormGrad!.Value, C);
                LinearBackward(layer.O, _dProjection, layer.AttentionOut, _dAttention);
            }
            else
            {
                LinearBackward(layer.O, _dResidual, layer.AttentionOut, _dAttention);
            }

            var shape = _shape with { Window = Config.WindowOf(l) };
            _loop.For(Batch * Config.NumKeyValueHeads, 1, (start, end, worker) =>
            {
                for (int item = start; item < end; item++)
                {
                    AttentionLayer.Backward(shape, item / shape.KvHeads, item % shape.KvHeads, layer.Query.Pointer, layer.Key.Pointer, layer.Value.Pointer,
                        layer.Probabilities.Pointer, _dAttention.Pointer, _dQuery.Pointer, _dKey.Pointer, _dValue.Pointer, _attentionWork[worker]);
                }
            });
            if (Config.UsesRope(l))
            {
                bool local = Config.UsesLocalRope(l);
                RotateRows(_dQuery, Config.NumAttentionHeads, local ? _localRopeCos! : _ropeCos, local ? _localRopeNegSin! : _ropeNegSin);
                RotateRows(_dKey, Config.NumKeyValueHeads, local ? _localRopeCos! : _ropeCos, local ? _localRopeNegSin! : _ropeNegSin);
            }

            _dNormed.Span.Clear();
            if (layer.QueryRaw is { } qRaw && layer.KeyRaw is { } kRaw)
            {
                int D = Config.HeadDim;
                _dQueryRaw.Span.Clear();
                _dKeyRaw.Span.Clear();
                NormBackward(_dQuery, qRaw, layer.QueryNorm!.Value, layer.QueryRstd!.Value, _dQueryRaw, layer.QueryNormGrad!.Value, D, M * Config.NumAttentionHeads);
                NormBackward(_dKey, kRaw, layer.KeyNorm!.Value, layer.KeyRstd!.Value, _dKeyRaw, layer.KeyNormGrad!.Value, D, M * Config.NumKeyValueHeads);
                LinearBackward(layer.Q, _dQueryRaw, layer.Normed1, _dNormed);
                LinearBackward(layer.K, _dKeyRaw, layer.Normed1, _dNormed);
            }
            else
            {
                LinearBackward(layer.Q, _dQuery, layer.Normed1, _dNormed);
                LinearBackward(layer.K, _dKey, layer.Normed1, _dNormed);
            }

            LinearBackward(layer.V, _dValue, layer.Normed1, _dNormed);
            NormBackward(_dNormed, layer.ResidualIn, layer.Norm1, layer.Rstd1, _dResidual, layer.Norm1Grad, C);
        }

        if (_embeddingScale != 1f) System.Numerics.Tensors.TensorPrimitives.Multiply(_dResidual.Span, _embeddingScale, _dResidual.Span);
        if (_trainBase) EmbeddingLayer.Backward(_inputs, _dResidual.Span, C, _embedGrad.Span);
    }

    /// <summary>y = x Wᵀ + b (+ scale (x Aᵀ) Bᵀ with LoRA). Shapes: x [M, In], y [M, Out].</summary>
    private void LinearForward(LinearSlot s, TensorSlice x, TensorSlice y)
    {
        int M = Batch * Time;
        _gemm.Forward(x.Pointer, M, s.In, s.Weight.Pointer, s.Out, y.Pointer);
        if (s.Bias is { } bias)
        {
            _loop.For(M, 32, (start, end, _) =>
            {
                var ys = y.Span;
                for (int m = start; m < end; m++) VectorMath.MultiplyAdd(1f, bias.Span, ys.Slice(m * s.Out, s.Out));
            });
        }

        if (s.LoraA is { } a && s.LoraB is { } b && s.LoraHidden is { } hidden)
        {
            int r = LoraSettings!.Rank;
            float scaling = LoraSettings.Scaling;
            _gemm.Forward(x.Pointer, M, s.In, a.Pointer, r, hidden.Pointer);
            var h = hidden.Span;
            for (int i = 0; i < h.Length; i++) h[i] *= scaling;
            var extra = _loraOutput.Slice(0, M * s.Out);
            _gemm.Forward(hidden.Pointer, M, r, b.Pointer, s.Out, extra.Pointer);
            _loop.For(M, 32, (start, end, _) =>
                VectorMath.MultiplyAdd(1f, extra.Span.Slice(start * s.Out, (end - start) * s.Out), y.Span.Slice(start * s.Out, (end - start) * s.Out)));
        }
    }

    /// <summary>Given dy [M, Out] and the input x [M, In]: dx += dy W (+ LoRA path), dW += dyᵀ x, db += sum dy (base weights only when they train).</summary>
    private void LinearBackward(LinearSlot s, TensorSlice dy, TensorSlice x, TensorSlice dx)
    {
        int M = Batch * Time;
        if (_trainBase)
        {
            _gemm.AccumulateWeightGradient(dy.Pointer, M, s.Out, x.Pointer, s.In, s.WeightGrad.Pointer);
            if (s.BiasGrad is { } db) _gemm.AccumulateBiasGradient(dy.Pointer, M, s.Out, db.Pointer);
        }

        _gemm.AccumulateInputGradient(dy.Pointer, M, s.Out, s.Weight.Pointer, s.In, dx.Pointer);
        if (s.LoraA is { } a && s.LoraB is { } b && s.LoraHidden is { } hidden)
        {
            int r = LoraSettings!.Rank;
            float scaling = LoraSettings.Scaling;
            // hidden = scaling x Aᵀ; y += hidden Bᵀ.
            _gemm.AccumulateWeightGradient(dy.Pointer, M, s.Out, hidden.Pointer, r, s.LoraBGrad!.Value.Pointer);
            var dHidden = _loraScratch.Slice(0, M * r);
            dHidden.Span.Clear();
            _gemm.AccumulateInputGradient(dy.Pointer, M, s.Out, b.Pointer, r, dHidden.Pointer);
            var dh = dHidden.Span;
            for (int i = 0; i < dh.Length; i++) dh[i] *= scaling;
            _gemm.AccumulateWeightGradient(dHidden.Pointer, M, r, x.Pointer, s.In, s.LoraAGrad!.Value.Pointer);
            _gemm.AccumulateInputGradient(dHidden.Pointer, M, r, a.Pointer, s.In, dx.Pointer);
        }
    }

    private void NormRows(TensorSlice x, TensorSlice weight, float eps, TensorSlice y, TensorSlice rstd, int C) => NormRows(x, weight, eps, y, rstd, C, Batch * Time);

    /// <summary>RMSNorm of <paramref name="rows"/> rows of width C (the M tokens, or Qwen3's M x H heads of width D).</summary>
    private void NormRows(TensorSlice x, TensorSlice weight, float eps, TensorSlice y, TensorSlice rstd, int C, int rows)
    {
        _loop.For(rows, 16, (start, end, _) =>
        {
            var xs = x.Span;
            var ys = y.Span;
            var rs = rstd.Span;
            for (int m = start; m < end; m++) rs[m] = RmsNormLayer.Forward(xs.Slice(m * C, C), weight.Span, eps, ys.Slice(m * C, C));
        });
    }

    /// <summary>dx += d(norm)/dx · dy per row (parallel); dw += ... (rows in order, when the base trains).</summary>
    private void NormBackward(TensorSlice dy, TensorSlice x, TensorSlice weight, TensorSlice rstd, TensorSlice dx, TensorSlice dw, int C) =>
        NormBackward(dy, x, weight, rstd, dx, dw, C, Batch * Time);

    private void NormBackward(TensorSlice dy, TensorSlice x, TensorSlice weight, TensorSlice rstd, TensorSlice dx, TensorSlice dw, int C, int rows)
    {
        _loop.For(rows, 16, (start, end, worker) =>
        {
            var scratch = _attentionScratch[worker].AsSpan(0, C);
            var dys = dy.Span;
            var xs = x.Span;
            var dxs = dx.Span;
            var rs = rstd.Span;
            for (int m = start; m < end; m++) RmsNormLayer.BackwardInput(dys.Slice(m * C, C), xs.Slice(m * C, C), weight.Span, rs[m], dxs.Slice(m * C, C), scratch);
        });
        if (_trainBase) RmsNormLayer.BackwardWeight(dy.Span, x.Span, rstd.Span, C, dw.Span);
    }

    private void AddRows(TensorSlice a, TensorSlice b, TensorSlice sum, int C)
    {
        _loop.For(Batch * Time, 32, (start, end, _) =>
        {
            var s = sum.Span.Slice(start * C, (end - start) * C);
            a.Span.Slice(start * C, (end - start) * C).CopyTo(s);
            VectorMath.MultiplyAdd(1f, b.Span.Slice(start * C, (end - start) * C), s);
        });
    }

    /// <summary>Applies RoPE (HF rotate_half) to every row; with the negated sine it applies the inverse rotation (the backward pass).</summary>
    private void RotateRows(TensorSlice x, int heads, float[] cos, float[] sin)
    {
        int D = Config.HeadDim, width = heads * D, T = Time, half = _half;
        _loop.For(Batch * Time, 32, (start, end, _) =>
        {
            var xs = x.Span;
            for (int m = start; m < end; m++)
            {
                int t = m % T;
                RotaryEmbedding.Rotate(xs.Slice(m * width, width), heads, D, Config.RotaryDim, cos.AsSpan(t * half, half), sin.AsSpan(t * half, half));
            }
        });
    }
}
