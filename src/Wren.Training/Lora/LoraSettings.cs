namespace Wren.Training.Lora;

/// <summary>LoRA as PEFT defines it: W' = W + (alpha / r) B A, A [r, in] random, B [out, r] zero at the start.</summary>
public sealed record LoraSettings
{
    public int Rank { get; init; } = 16;

    public double Alpha { get; init; } = 32;

    /// <summary>
    /// Module names that get adapters (PEFT's <c>target_modules</c>): q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj,
    /// down_proj, and Phi-3's fused qkv_proj and gate_up_proj (which a target on one of their parts also adapts).
    /// </summary>
    public IReadOnlyList<string> Targets { get; init; } = ["q_proj", "v_proj"];

    public float Scaling => (float)(Alpha / Rank);

    public static readonly IReadOnlyList<string> KnownTargets = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj", "qkv_proj", "gate_up_proj"];

    /// <summary>Peak learning rate of fine-tuning when none is given: 2e-4 for LoRA (and QLoRA), 2e-5 for every weight (as PEFT's and TRL's examples use).</summary>
    public static double DefaultLearningRate(bool lora) => lora ? 2e-4 : 2e-5;

    /// <summary>Comma-separated targets as <c>--lora-targets</c> takes them; <c>all-linear</c> is every projection (<see cref="KnownTargets"/>).</summary>
    public static IReadOnlyList<string> ParseTargets(string text)
    {
        var list = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (list.Count == 1 && list[0] == "all-linear") return KnownTargets;
        if (list.Count == 0) throw new Wren.Runtime.WrenException("--lora-targets is empty");
        return list;
    }

    public void Validate()
    {
        if (Rank <= 0) throw new Wren.Runtime.WrenException($"LoRA rank must be positive, got {Rank}");
        if (Alpha <= 0) throw new Wren.Runtime.WrenException($"LoRA alpha must be positive, got {Alpha}");
        foreach (var t in Targets)
        {
            if (!KnownTargets.Contains(t)) throw new Wren.Runtime.WrenException($"LoRA target '{t}' is not a projection of the model (known: {string.Join(", ", KnownTargets)})");
        }
    }
}
