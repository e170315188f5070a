using YamlDotNet.Serialization;

namespace Wren.Pipeline.Build.Recipe;

/// <summary>How curated documents become token shards (as <c>wren tokenize</c>).</summary>
public sealed record TokensSection
{
    /// <summary>Share of documents held out for validation and evaluation (chosen by document id). 10% gives the bundled sample enough validation tokens for one batch.</summary>
    [YamlMember(Description = @"share of documents held out for validation and evaluation")]
    public double ValFraction { get; init; } = 0.1;
}
