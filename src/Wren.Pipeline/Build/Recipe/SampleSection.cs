using YamlDotNet.Serialization;

namespace Wren.Pipeline.Build.Recipe;

/// <summary>The generations printed at the end of a build (as <c>wren generate</c>).</summary>
public sealed record SampleSection
{
    /// <summary>Prompts to continue; empty: the opening words of two held-out documents.</summary>
    [YamlMember(Description = @"[]: the opening words of two held-out documents")]
    public List<string> Prompts { get; init; } = [];

    public int MaxTokens { get; init; } = 48;

    [YamlMember(Description = @"0: greedy")]
    public float Temperature { get; init; } = 0.8f;

    public int Seed { get; init; } = 1;
}
