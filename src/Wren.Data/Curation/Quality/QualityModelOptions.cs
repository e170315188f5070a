using YamlDotNet.Serialization;

namespace Wren.Data.Curation.Quality;

/// <summary>Recipe section <c>quality_model</c>: a classifier trained by <c>wren quality train</c>.</summary>
public sealed record QualityModelOptions
{
    /// <summary>Path of the model file; the step is off while this is empty.</summary>
    [YamlMember(Description = @"model file; empty: step off")]
    public string Model { get; init; } = "";

    /// <summary>Drop documents whose probability of being good is below this.</summary>
    [YamlMember(Description = @"drop below this probability of being good")]
    public double MinScore { get; init; } = 0.5;
}
