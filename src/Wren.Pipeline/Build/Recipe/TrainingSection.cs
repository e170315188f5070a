using YamlDotNet.Serialization;

namespace Wren.Pipeline.Build.Recipe;

/// <summary>The training budget and schedule (as <c>wren train</c>). The run stops at whichever of minutes, tokens and steps (those not 0) comes first.</summary>
public sealed record TrainingSection
{
    /// <summary>Wall-clock budget in minutes (0: not set).</summary>
    [YamlMember(Description = @"wall-clock budget; keeps the default build under 10 minutes on a slow machine")]
    public double Minutes { get; init; } = 6;

    /// <summary>Token budget (0: not set); steps = tokens / (batch x seq). The default is about eight passes over the bundled sample.</summary>
    [YamlMember(Description = @"token budget: steps = tokens / (batch x seq); ~8 passes over the sample, raise it for more data")]
    public long Tokens { get; init; } = 600_000;

    /// <summary>Optimizer steps (0: not set; with minutes: an upper bound).</summary>
    [YamlMember(Description = @"optimizer steps")]
    public long Steps { get; init; }

    [YamlMember(Description = @"sequences per step (B)")]
    public int Batch { get; init; } = 8;

    [YamlMember(Description = @"tokens per sequence (T)")]
    public int Seq { get; init; } = 256;

    [YamlMember(Description = @"peak; cosine decay after 5% warmup")]
    public double LearningRate { get; init; } = 3e-3;

    [YamlMember(Description = @"validation loss every N steps")]
    public int EvalEvery { get; init; } = 50;

    [YamlMember(Description = @"initialisation and data order")]
    public ulong Seed { get; init; } = 1337;
}
