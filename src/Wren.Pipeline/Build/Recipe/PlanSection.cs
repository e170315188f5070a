using YamlDotNet.Serialization;

namespace Wren.Pipeline.Build.Recipe;

/// <summary>Assumptions of the cost plan in index.html: what scaling the same recipe up would need (as <c>wren plan</c>).</summary>
public sealed record PlanSection
{
    /// <summary>GPU kind from <c>wren plan --gpu list</c>.</summary>
    public string Gpu { get; init; } = "H100";

    public int Gpus { get; init; } = 1;

    /// <summary>US dollars per GPU-hour (an assumption: set what you pay; 0 leaves cost out).</summary>
    [YamlMember(Description = @"USD, an assumption: set what you pay (0: leave cost out)")]
    public double PricePerGpuHour { get; init; } = 2.5;

    [YamlMember(Description = @"assumed model FLOPs utilisation")]
    public double Mfu { get; init; } = 0.4;
}
