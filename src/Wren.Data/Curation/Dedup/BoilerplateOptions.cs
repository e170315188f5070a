using YamlDotNet.Serialization;

namespace Wren.Data.Curation.Dedup;

/// <summary>Recipe section <c>boilerplate</c>: lines and paragraphs that many documents share (signatures, disclaimers, navigation).</summary>
public sealed record BoilerplateOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>A line or paragraph is boilerplate when at least this many documents contain it.</summary>
    [YamlMember(Description = @"a line or paragraph in this many documents is boilerplate")]
    public int MinDocuments { get; init; } = 10;

    /// <summary>Shorter lines are never removed ("Thanks," or "Hi all" are not boilerplate worth removing).</summary>
    [YamlMember(Description = @"shorter lines and paragraphs are never removed")]
    public int MinChars { get; init; } = 20;
}
